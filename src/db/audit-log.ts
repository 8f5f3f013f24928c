import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "./client";
import { auditLog } from "./schema";

export type AuditEntry = typeof auditLog.$inferInsert;

export async function recordAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values(entry);
}

/** Newest first; `cursor` is the last entry of the previous page. */
export async function listAudit(db: Db, q: { projectId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(auditLog.projectId, q.projectId)];
  if (q.cursor) {
    conditions.push(or(lt(auditLog.createdAt, q.cursor.createdAt), and(eq(auditLog.createdAt, q.cursor.createdAt), lt(auditLog.id, q.cursor.id)))!);
  }
  return db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.createdAt), desc(auditLog.id)).limit(q.limit).all();
}
