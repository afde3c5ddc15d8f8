/**
 * Own-property access for keys a user chooses (var, environment, parameter and property names): `constructor` or
 * `toString` must not find Object.prototype's members, and a `__proto__` key (JSON.parse and YAML make it an own
 * key) must stay a key instead of replacing the object's prototype, as `obj[key] = v` and Object.assign would.
 */

/** `obj[key] = value` as an own, enumerable data property, whatever the key. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Object.assign with own data properties only (no setter runs, `__proto__` is copied as a key). */
export function assignOwn<T>(target: Record<string, T>, source: Record<string, T>): Record<string, T> {
  for (const [k, v] of Object.entries(source)) setOwn(target, k, v);
  return target;
}
