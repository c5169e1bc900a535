//! A server-paginated list: `{items, page, per_page, total}` answers, reloaded when the page changes.
import { ref, shallowRef } from 'vue';
import { notifyError } from './useFormErrors';

export interface PageAnswer<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export function usePagedList<T>(fetchPage: (page: number, perPage: number) => Promise<PageAnswer<T>>, perPage = 20) {
  const items = shallowRef<T[]>([]);
  const page = ref(1);
  const size = ref(perPage);
  const total = ref(0);
  const loading = ref(false);
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const answer = await fetchPage(page.value, size.value);
      if (mine !== generation) return; // a newer request superseded this one
      items.value = answer.items;
      total.value = answer.total;
    } catch (e) {
      if (mine === generation) notifyError(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Back to the first page, for changed filters. */
  function reload(): Promise<void> {
    page.value = 1;
    return load();
  }

  return { items, page, size, total, loading, load, reload };
}
