import { checkSqlStatement } from "../../../src/lib/limit-checks";
import { patchMethod } from "./patch-method";
import { throwIfViolation } from "./violations";

/**
 * Holds every `ctx.storage.sql.exec(query, ...bindings)` in the isolate to
 * production's limits: at most 100 bindings, the query text (all of it: SQLite
 * measures the whole remaining text it is handed) at most 100 KB, each bound
 * value at most 2 MB. Throws synchronously, as `exec` does. `sql` is any
 * object's SqlStorage: workerd's class is shared by every Durable Object in
 * the isolate. What a cursor returns is not checked (it is read lazily, by
 * native code); stored rows are, after the fact (row-scan.ts).
 */
export function enforceDurableObjectSqlLimits(sql: SqlStorage): void {
  patchMethod(Object.getPrototypeOf(sql), "exec", (original) =>
    function (this: SqlStorage, query: string, ...bindings: unknown[]) {
      throwIfViolation(checkSqlStatement("Durable Object SQL", query, bindings));
      return original.call(this, query, ...bindings);
    },
  );
}
