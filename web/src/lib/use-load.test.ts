import { describe, expect, it } from 'vitest';
import { useLoad } from './use-load.js';

describe('useLoad', () => {
  it('keeps the answer, and the failure of a later call without losing the last answer', async () => {
    let fail = false;
    const { data, loading, error, load } = useLoad<number[]>([], async () => {
      if (fail) throw new Error('down');
      return [1, 2];
    });
    expect(loading.value).toBe(true);
    expect(data.value).toEqual([]);
    await load();
    expect([loading.value, error.value, data.value]).toEqual([false, null, [1, 2]]);
    fail = true;
    await load();
    expect(loading.value).toBe(false);
    expect((error.value as Error).message).toBe('down');
    expect(data.value).toEqual([1, 2]);
  });
});
