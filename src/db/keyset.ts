import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** Newest-first keyset paging on (created_at, id): rows strictly after `cursor`, the previous page's last row. */
export function olderThan(createdAt: SQLiteColumn, id: SQLiteColumn, cursor: { createdAt: string; id: string }): SQL {
  return or(lt(createdAt, cursor.createdAt), and(eq(createdAt, cursor.createdAt), lt(id, cursor.id)))!;
}
