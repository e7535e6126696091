import { onScopeDispose, shallowRef, type Ref } from 'vue';

/** The current time, refreshed every `intervalMs` while the component lives, so ages ("12 min ago") do not go stale. */
export function useNow(intervalMs = 30_000): Readonly<Ref<number>> {
  const now = shallowRef(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
