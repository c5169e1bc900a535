//! Fetches a site's plan image through the authenticated client and exposes it as an object URL
//! (an <img src> cannot carry the bearer token).
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { api, unwrap } from '@/api';
import { notifyError } from './useFormErrors';

export interface PlanImage {
  url: string;
  width: number;
  height: number;
}

export function usePlanImage(siteId: Ref<string | null | undefined>, hasPlan: Ref<boolean>) {
  const image = ref<PlanImage | null>(null);
  const loading = ref(false);
  let generation = 0;

  function release(): void {
    if (image.value) URL.revokeObjectURL(image.value.url);
    image.value = null;
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    release();
    const id = siteId.value;
    if (!id || !hasPlan.value) return;
    loading.value = true;
    try {
      const blob = await unwrap(
        api.GET('/api/v1/sites/{site_id}/plan', { params: { path: { site_id: id } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(blob as Blob);
      const size = await naturalSize(url);
      if (mine !== generation) {
        URL.revokeObjectURL(url);
        return;
      }
      image.value = { url, ...size };
    } catch (e) {
      if (mine === generation) notifyError(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  watch([siteId, hasPlan], load, { immediate: true });
  onBeforeUnmount(() => {
    generation++;
    release();
  });

  return { image, loading, reload: load };
}

function naturalSize(url: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth || 1000, height: img.naturalHeight || 1000 });
    img.onerror = () => reject(new Error('plan image did not decode'));
    img.src = url;
  });
}
