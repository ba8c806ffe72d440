import { ref } from 'vue';
import type { Ref } from 'vue';

/**
 * The loading / error / data triple every page keeps for what it shows: `load()` (call it on
 * mount, after a change, or from AsyncState's retry) runs `fetch`, keeps its answer in `data`
 * (`initial` until then), and its failure in `error` for ErrorMessage / AsyncState.
 */
export function useLoad<T>(
  initial: T,
  fetch: () => Promise<T>,
): { data: Ref<T>; loading: Ref<boolean>; error: Ref<unknown>; load: () => Promise<void> } {
  const data = ref(initial) as Ref<T>;
  const loading = ref(true);
  const error = ref<unknown>(null);
  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      data.value = await fetch();
    } catch (caught) {
      error.value = caught;
    } finally {
      loading.value = false;
    }
  }
  return { data, loading, error, load };
}
