// @peculiar/x509 registers its algorithms through tsyringe, which insists on a Reflect metadata API
// (the `reflect-metadata` package, not installed here). This is the few functions tsyringe calls, kept
// per target in a WeakMap; it installs nothing when a real polyfill is already present.
type Key = unknown;
type Target = object;

const store = new WeakMap<Target, Map<Key, unknown>>();
const reflect = Reflect as unknown as Record<string, unknown>;

function own(target: Target): Map<Key, unknown> {
  let map = store.get(target);
  if (!map) store.set(target, (map = new Map()));
  return map;
}

if (typeof reflect.getMetadata !== 'function') {
  reflect.defineMetadata = (key: Key, value: unknown, target: Target): void => void own(target).set(key, value);
  reflect.getOwnMetadata = (key: Key, target: Target): unknown => store.get(target)?.get(key);
  reflect.hasOwnMetadata = (key: Key, target: Target): boolean => store.get(target)?.has(key) ?? false;
  reflect.getMetadata = (key: Key, target: Target): unknown => {
    for (let current: Target | null = target; current; current = Object.getPrototypeOf(current) as Target | null) {
      const map = store.get(current);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
  reflect.hasMetadata = (key: Key, target: Target): boolean => (reflect.getMetadata as (k: Key, t: Target) => unknown)(key, target) !== undefined;
  reflect.metadata = (key: Key, value: unknown) => (target: Target) => void own(target).set(key, value);
}

export {};
