/**
 * D1 that counts its round trips (a statement run on its own, or one
 * `batch()`), for the per-chunk figures in the chunk log line.
 */
export function countingD1(d1: D1Database): { db: D1Database; roundTrips: () => number } {
  let trips = 0;
  const RUNS = new Set(["all", "run", "first", "raw"]);
  // batch() needs the real statements back.
  const originals = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const unwrap = (s: D1PreparedStatement) => originals.get(s) ?? s;
  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => wrapStatement(value.apply(target, args));
        if (RUNS.has(String(prop))) return (...args: unknown[]) => (trips++, value.apply(target, args));
        return value.bind(target);
      },
    });
    originals.set(proxy, statement);
    return proxy;
  };
  const db = new Proxy(d1, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "prepare") return (sql: string) => wrapStatement(target.prepare(sql));
      if (prop === "batch") return (statements: D1PreparedStatement[]) => (trips++, target.batch(statements.map(unwrap)));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, roundTrips: () => trips };
}
