//! Every item of a paginated list, page by page (for pickers: a site's gateways, the tenant's models).
import type { PageAnswer } from './usePagedList';

/** Stops at `cap` items: a picker with more needs a search instead. */
export async function fetchAll<T>(fetchPage: (page: number, perPage: number) => Promise<PageAnswer<T>>, cap = 2000): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; all.length < cap; page++) {
    const answer = await fetchPage(page, 200);
    all.push(...answer.items);
    if (all.length >= answer.total || answer.items.length === 0) break;
  }
  return all;
}
