import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import type { Ref } from 'vue';
import { api, ok } from '../../api/client.js';
import type { Definition } from './design-model.js';
import type { ElementLayout } from './layout-types.js';
import { sampleData } from './sample-data.js';
import type { SampleSet } from './sample-data.js';

/** Wait after the last change before asking for a new preview, milliseconds. */
export const PREVIEW_DELAY = 400;

/**
 * The real PDF preview and the renderer's layout of the designer's current state, refreshed
 * (debounced) when the design or the sample data changes; an answer that arrives after a newer
 * request was sent is dropped. The background alone is rendered once per background, for the
 * canvas.
 */
export function usePreview(
  organisationId: string,
  definition: Ref<Definition>,
  sample: Ref<SampleSet>,
  locale: Ref<'en' | 'fr'>,
) {
  const pdf = shallowRef<ArrayBuffer | null>(null);
  const layout = shallowRef<Map<string, ElementLayout>>(new Map());
  const background = shallowRef<ArrayBuffer | null>(null);
  const busy = ref(false);
  const error = ref<unknown>(null);
  /** Requests answered so far (tests wait for it to move). */
  const generation = ref(0);
  let sent = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const path = { organisationId };

  async function refresh(): Promise<void> {
    const ticket = ++sent;
    const body = { definition: definition.value, data: sampleData(sample.value, locale.value) };
    busy.value = true;
    try {
      const [file, boxes] = await Promise.all([
        ok(
          api.POST('/api/organisations/{organisationId}/templates/preview', {
            params: { path },
            body,
            parseAs: 'arrayBuffer',
          }),
        ),
        ok(
          api.POST('/api/organisations/{organisationId}/templates/layout', {
            params: { path },
            body,
          }),
        ),
      ]);
      if (ticket !== sent) return;
      pdf.value = file;
      layout.value = new Map(boxes.elements.map((element) => [element.id, element]));
      error.value = null;
      generation.value++;
    } catch (caught) {
      if (ticket === sent) error.value = caught;
    } finally {
      if (ticket === sent) busy.value = false;
    }
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, PREVIEW_DELAY);
  }

  let backgroundKey = '';
  async function refreshBackground(): Promise<void> {
    const current = definition.value;
    const key = JSON.stringify([current.page, current.background ?? null]);
    if (key === backgroundKey) return;
    backgroundKey = key;
    if (!current.background) {
      background.value = null;
      return;
    }
    try {
      const file = await ok(
        api.POST('/api/organisations/{organisationId}/templates/preview', {
          params: { path },
          body: {
            definition: { page: current.page, background: current.background, elements: [] },
          },
          parseAs: 'arrayBuffer',
        }),
      );
      if (key === backgroundKey) background.value = file;
    } catch (caught) {
      error.value = caught;
    }
  }

  watch([definition, sample, locale], schedule, { deep: true });
  watch(definition, refreshBackground, { immediate: true });
  onBeforeUnmount(() => {
    if (timer !== null) clearTimeout(timer);
    sent++;
  });

  return { pdf, layout, background, busy, error, generation, refresh };
}
