//! A clock ticking every second while the calling component is mounted (deadline clocks count down locally).
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useNow(intervalMs = 1000) {
  const now = ref(Date.now());
  let id: number | null = null;
  onMounted(() => {
    id = window.setInterval(() => {
      now.value = Date.now();
    }, intervalMs);
  });
  onBeforeUnmount(() => {
    if (id !== null) window.clearInterval(id);
  });
  return now;
}
