//! The tenant's sites and the one the header's site picker has selected.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap } from '@/api';
import type { Site } from '@/api/types';

const CURRENT_KEY = 'foresight.site';

export const useSitesStore = defineStore('sites', () => {
  const sites = ref<Site[]>([]);
  const loaded = ref(false);
  const currentId = ref<string | null>(readSaved());

  const current = computed<Site | null>(
    () => sites.value.find((s) => s.site_id === currentId.value) ?? sites.value[0] ?? null,
  );

  async function load(): Promise<void> {
    // A tenant with more than 200 sites would need a searchable picker; this covers real plants.
    const page = await unwrap(api.GET('/api/v1/sites', { params: { query: { per_page: 200, sort: 'name' } } }));
    sites.value = page.items;
    loaded.value = true;
  }

  function select(siteId: string): void {
    currentId.value = siteId;
    try {
      window.localStorage.setItem(CURRENT_KEY, siteId);
    } catch {
      // Not persisted; the choice still applies to this tab.
    }
  }

  /** Keeps the list in step after a screen created, changed or deleted a site. */
  function upsert(site: Site): void {
    const i = sites.value.findIndex((s) => s.site_id === site.site_id);
    if (i >= 0) sites.value.splice(i, 1, site);
    else sites.value.push(site);
  }

  function remove(siteId: string): void {
    sites.value = sites.value.filter((s) => s.site_id !== siteId);
  }

  function reset(): void {
    sites.value = [];
    loaded.value = false;
  }

  return { sites, loaded, current, load, select, upsert, remove, reset };
});

function readSaved(): string | null {
  try {
    return window.localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}
