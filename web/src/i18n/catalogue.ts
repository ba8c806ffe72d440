/**
 * The console's message catalogues. Each area keeps its strings in one file under `messages/`,
 * English and French side by side: `defineMessages` makes the French catalogue the same shape
 * as the English one, so a missing or extra French string is a compile error (vue-tsc), not a
 * blank on screen. A message is a string with `{name}` placeholders, or a plural form picked
 * with Intl.PluralRules.
 */
export interface Plural {
  readonly one: string;
  readonly other: string;
}

export type MessageTree = { readonly [key: string]: string | Plural | MessageTree };

/** The same keys as T, each leaf a string (or a plural where T has one). */
export type SameShape<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends Plural
      ? Plural
      : SameShape<T[K]>;
};

export interface AreaMessages<T extends MessageTree> {
  readonly en: T;
  readonly fr: SameShape<T>;
}

/** Declares one area's English and French strings (French must match English key for key). */
export function defineMessages<const T extends MessageTree>(
  messages: AreaMessages<T>,
): AreaMessages<T> {
  return messages;
}

/** Dotted paths to every leaf of T: `'documents.list.title'`. */
export type MessageKey<T> = {
  [K in keyof T & string]: T[K] extends string | Plural ? K : `${K}.${MessageKey<T[K]>}`;
}[keyof T & string];

/** Replaces `{name}` with params.name (numbers formatted by the caller). */
export function interpolate(template: string, params: Readonly<Record<string, string | number>>) {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The leaf at a dotted path, or undefined. */
export function lookUp(tree: MessageTree, key: string): string | Plural | undefined {
  let node: string | Plural | MessageTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string' || !Object.hasOwn(node, part))
      return undefined;
    node = (node as MessageTree)[part];
  }
  if (node === undefined || typeof node === 'string') return node;
  return isPlural(node) ? node : undefined;
}

function isPlural(node: Plural | MessageTree): node is Plural {
  return typeof node.one === 'string' && typeof node.other === 'string';
}
