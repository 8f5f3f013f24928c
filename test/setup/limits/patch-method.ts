type Method = (this: any, ...args: any[]) => any;

const PATCHED = Symbol.for("bulk-ops.production-limits.patched");

/**
 * Replaces `target[name]` with `wrap(original)`, at most once: a prototype is
 * shared by the whole isolate, and wrapping it twice would check, and record,
 * every violation twice.
 */
export function patchMethod(target: object, name: string, wrap: (original: Method) => Method): void {
  const methods = target as Record<string, Method>;
  const original = methods[name];
  if (typeof original !== "function") throw new TypeError(`${name} is not a method of ${target.constructor?.name ?? "this object"}`);
  if (PATCHED in original) return;
  methods[name] = Object.assign(wrap(original), { [PATCHED]: true });
}
