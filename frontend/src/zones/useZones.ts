//! The zones of one site, loaded page by page (a site holds tens of zones, rarely hundreds).
import { ref, watch, type Ref } from 'vue';
import { api, unwrap } from '@/api';
import type { Zone } from '@/api/types';
import { notifyError } from '@/composables/useFormErrors';

export function useSiteZones(siteId: Ref<string | null | undefined>) {
  const zones = ref<Zone[]>([]);
  const loading = ref(false);
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    const id = siteId.value;
    if (!id) {
      zones.value = [];
      return;
    }
    loading.value = true;
    try {
      const all: Zone[] = [];
      for (let page = 1; ; page++) {
        const answer = await unwrap(
          api.GET('/api/v1/zones', { params: { query: { site_id: id, page, per_page: 200, sort: 'name' } } }),
        );
        all.push(...answer.items);
        if (all.length >= answer.total || answer.items.length === 0) break;
      }
      if (mine === generation) zones.value = all;
    } catch (e) {
      if (mine === generation) notifyError(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  watch(siteId, load, { immediate: true });
  return { zones, loading, reload: load };
}
