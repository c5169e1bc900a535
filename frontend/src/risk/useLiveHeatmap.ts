//! The heat map screen's data: the live map over the stream (with its link state), replay of a past
//! instant, and the 24-hour timeline for the slider. The transitions themselves are in mapState.ts.
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { api, tokens, unwrap } from '@/api';
import { notifyError } from '@/composables/useFormErrors';
import { applyLive, applyReplay, backToLive, initialState, shownMap, startReplay, type MapState } from './mapState';
import { createLiveLink, streamUrl, type LinkState, type LiveLink } from './liveStream';
import { defaultBucketSeconds, spanEnding, type Span, type TimelinePoint } from './timeline';

/** The timeline is fetched again on a live update once it is this old. */
const TIMELINE_MAX_AGE_MS = 60_000;

export function useLiveHeatmap(siteId: Ref<string | null | undefined>) {
  const state = ref<MapState>(initialState());
  const link = ref<LinkState>('stopped');
  const replayLoading = ref(false);
  const timeline = ref<TimelinePoint[]>([]);
  const span = ref<Span>(spanEnding(Date.now()));
  const bucketSeconds = computed(() => defaultBucketSeconds(span.value));
  let timelineAt = 0;
  let current: LiveLink | null = null;

  async function loadTimeline(): Promise<void> {
    const id = siteId.value;
    if (!id) return;
    const next = spanEnding(Date.now());
    timelineAt = Date.now();
    try {
      const points = await unwrap(
        api.GET('/api/v1/sites/{site_id}/heatmap/timeline', {
          params: {
            path: { site_id: id },
            query: { from: new Date(next.from).toISOString(), to: new Date(next.to).toISOString() },
          },
        }),
      );
      if (id !== siteId.value) return;
      span.value = next;
      timeline.value = points;
    } catch (e) {
      notifyError(e);
    }
  }

  function connect(id: string): void {
    current = createLiveLink({
      url: () => {
        const token = tokens.get()?.access_token;
        return token ? streamUrl(id, token) : null;
      },
      open: (url) => new EventSource(url),
      snapshot: () => unwrap(api.GET('/api/v1/sites/{site_id}/heatmap', { params: { path: { site_id: id } } })),
      onMap: (map) => {
        state.value = applyLive(state.value, map, id, Date.now());
        if (Date.now() - timelineAt > TIMELINE_MAX_AGE_MS) void loadTimeline();
      },
      onState: (s) => {
        link.value = s;
      },
    });
    current.start();
  }

  watch(
    siteId,
    (id) => {
      current?.stop();
      current = null;
      state.value = initialState();
      timeline.value = [];
      if (!id) return;
      connect(id);
      void loadTimeline();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => current?.stop());

  async function replay(at: string): Promise<void> {
    const id = siteId.value;
    if (!id) return;
    state.value = startReplay(state.value, at);
    replayLoading.value = true;
    try {
      const map = await unwrap(
        api.GET('/api/v1/sites/{site_id}/heatmap/history', { params: { path: { site_id: id }, query: { at } } }),
      );
      state.value = applyReplay(state.value, map, at, id);
    } catch (e) {
      notifyError(e);
    } finally {
      if (state.value.replayAt === at || state.value.mode === 'live') replayLoading.value = false;
    }
  }

  function live(): void {
    state.value = backToLive(state.value);
    replayLoading.value = false;
  }

  const shown = computed(() => shownMap(state.value));
  return { state, shown, link, replayLoading, timeline, span, bucketSeconds, replay, live, loadTimeline };
}
