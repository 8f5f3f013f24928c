import { checkSqlResult, checkSqlStatement } from "../../../src/lib/limit-checks";
import { patchMethod } from "./patch-method";
import { throwIfViolation } from "./violations";

/** What workerd's D1 binding keeps on a prepared statement (public fields of its class). */
interface StatementFields {
  statement: string;
  params: unknown[];
}

const PREFIX = "D1_ERROR: ";

/**
 * Holds every D1 call in the isolate to production's limits: each statement's
 * parameters, length and bound values when it runs (`first`/`run`/`all`/`raw`,
 * and every statement of a `batch`, which then fails whole, as production's
 * does), each line of an `exec` (the binding sends each line as a statement),
 * and every string or BLOB a query returns (SQLite refuses to make one over the
 * limit, e.g. a large `json_group_array`). Checked when a statement runs rather
 * than at `prepare`/`bind`, because that is when production fails it; drizzle
 * runs through the same methods.
 *
 * The patched prototypes are workerd's D1 classes (cloudflare-internal:d1-api),
 * one per isolate: D1Database (exec), D1DatabaseSession (batch; D1Database's
 * batch and `withSession()`'s both end there) and D1PreparedStatement.
 */
export function enforceD1Limits(db: D1Database): void {
  const statementPrototype = Object.getPrototypeOf(db.prepare("SELECT 1"));
  for (const method of ["first", "run", "all", "raw"] as const) {
    patchMethod(statementPrototype, method, (original) =>
      async function (this: StatementFields, ...args: unknown[]) {
        throwIfViolation(checkSqlStatement("D1", this.statement, this.params), PREFIX);
        const result = await original.apply(this, args);
        throwIfViolation(checkSqlResult("D1", this.statement, rowsOf(method, result, args[0])), PREFIX);
        return result;
      },
    );
  }
  patchMethod(Object.getPrototypeOf(db.withSession()), "batch", (original) =>
    async function (this: unknown, statements: StatementFields[]) {
      for (const s of statements) throwIfViolation(checkSqlStatement("D1", s.statement, s.params), PREFIX);
      const results: D1Result[] = await original.call(this, statements);
      results.forEach((r, i) => throwIfViolation(checkSqlResult("D1", statements[i]!.statement, r.results ?? []), PREFIX));
      return results;
    },
  );
  patchMethod(Object.getPrototypeOf(db), "exec", (original) =>
    async function (this: unknown, query: string) {
      for (const line of query.trim().split("\n")) throwIfViolation(checkSqlStatement("D1", line, []), "D1_EXEC_ERROR: ");
      return original.call(this, query);
    },
  );
}

/** The rows a statement method returned: objects (`all`, `run`, `first()`), arrays (`raw`), or one value (`first(column)`). */
function rowsOf(method: "first" | "run" | "all" | "raw", result: unknown, column: unknown): readonly unknown[] {
  if (method === "raw") return result as unknown[][];
  if (method === "first") return result === null ? [] : column === undefined ? [result] : [[result]];
  return (result as D1Result).results ?? [];
}
