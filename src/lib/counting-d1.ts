/**
 * D1 whose every round trip (a statement run on its own, or one `batch()`)
 * first calls `beforeRoundTrip`; if that throws, the round trip fails with
 * its error, as a failed D1 call would.
 */
export function hookD1(d1: D1Database, beforeRoundTrip: () => void): D1Database {
  const RUNS = new Set(["all", "run", "first", "raw"]);
  // batch() needs the real statements back.
  const originals = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const unwrap = (s: D1PreparedStatement) => originals.get(s) ?? s;
  const trip = <T>(run: () => Promise<T>): Promise<T> => {
    try {
      beforeRoundTrip();
    } catch (e) {
      return Promise.reject(e);
    }
    return run();
  };
  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => wrapStatement(value.apply(target, args));
        if (RUNS.has(String(prop))) return (...args: unknown[]) => trip(() => value.apply(target, args));
        return value.bind(target);
      },
    });
    originals.set(proxy, statement);
    return proxy;
  };
  return new Proxy(d1, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "prepare") return (sql: string) => wrapStatement(target.prepare(sql));
      if (prop === "batch") return (statements: D1PreparedStatement[]) => trip(() => target.batch(statements.map(unwrap)));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** D1 that counts its round trips, for the per-chunk figures in the chunk log line. */
export function countingD1(d1: D1Database): { db: D1Database; roundTrips: () => number } {
  let trips = 0;
  return { db: hookD1(d1, () => trips++), roundTrips: () => trips };
}
