import { ref, watch } from 'vue';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'certa.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The person's choice, else the browser's first language we have, else English. */
function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  for (const language of globalThis.navigator?.languages ?? []) {
    const base = language.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** The console's language; changing it re-renders every string and sets `<html lang>`. */
export const locale = ref<Locale>(initialLocale());

watch(
  locale,
  (value) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, value);
    if (typeof document !== 'undefined') document.documentElement.lang = value;
  },
  { immediate: true },
);

export function setLocale(value: Locale): void {
  locale.value = value;
}
