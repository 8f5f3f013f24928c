import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { checkSqlRow, type LimitViolation, type SqlStore } from "../../../src/lib/limit-checks";

type Rows = Record<string, unknown>[];

// `sqlite_` tables are SQLite's own; `_cf_` ones the platform's (and not readable).
const TABLE_COLUMNS = `SELECT m.name AS tbl, p.name AS col FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_' AND substr(m.name, 1, 4) <> '_cf_' ORDER BY m.name, p.cid`;

const identifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * `terms` added as a balanced tree: local SQLite refuses expressions over 100
 * deep, which a plain `a + b + …` over a wide table would be.
 */
const sum = (terms: string[]): string => {
  if (terms.length === 1) return terms[0]!;
  const half = Math.ceil(terms.length / 2);
  return `(${sum(terms.slice(0, half))} + ${sum(terms.slice(half))})`;
};

/** Tables per scan statement: each is one result column, and a result has at most 100. */
const TABLES_PER_STATEMENT = 50;

/**
 * Every table's widest row (the sum of its columns' `octet_length`) against
 * the row size limit. Checked after the fact because a row can be built inside
 * SQL (from a JSON parameter, by concatenation) to a size no single bound value
 * shows. One statement for the tables and one per 50 of them for the rows (as
 * scalar subqueries: local SQLite allows only 5 terms in a UNION); each reads
 * every row, which is cheap at test sizes. Columns per table (100) need no
 * check: local SQLite already refuses a 101st.
 */
export async function scanTables(store: SqlStore, all: (sql: string) => Rows | Promise<Rows>): Promise<LimitViolation[]> {
  const tables = new Map<string, string[]>();
  for (const { tbl, col } of await all(TABLE_COLUMNS)) tables.set(String(tbl), [...(tables.get(String(tbl)) ?? []), String(col)]);
  const names = [...tables.keys()];
  const violations: LimitViolation[] = [];
  for (let i = 0; i < names.length; i += TABLES_PER_STATEMENT) {
    const group = names.slice(i, i + TABLES_PER_STATEMENT);
    const widest = group.map((table, j) => {
      const bytes = sum(tables.get(table)!.map((c) => `coalesce(octet_length(${identifier(c)}), 0)`));
      return `(SELECT coalesce(max(${bytes}), 0) FROM ${identifier(table)}) AS t${j}`;
    });
    const [row] = await all(`SELECT ${widest.join(",\n")}`);
    for (const [j, table] of group.entries()) {
      const violation = checkSqlRow(store, table, Number(row![`t${j}`]));
      if (violation) violations.push(violation);
    }
  }
  return violations;
}

/** `scanTables` over the D1 database. */
export const scanD1 = (db: D1Database) => scanTables("D1", async (sql) => (await db.prepare(sql).all<Rows[number]>()).results);

/**
 * `scanTables` inside every object of the namespace that has storage. One RPC
 * per object, so it runs once per test file rather than after each test.
 */
export async function scanDurableObjects<T extends Rpc.DurableObjectBranded | undefined>(namespace: DurableObjectNamespace<T>): Promise<LimitViolation[]> {
  const found: LimitViolation[] = [];
  for (const id of await listDurableObjectIds(namespace)) {
    const violations = await runInDurableObject(namespace.get(id), (_object, state) =>
      scanTables("Durable Object SQL", (sql) => state.storage.sql.exec(sql).toArray()),
    );
    found.push(...violations.map((v) => ({ ...v, subject: `${v.subject} in object ${id.toString().slice(0, 12)}…` })));
  }
  return found;
}
