import { and, desc, eq } from "drizzle-orm";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { auditLog } from "./schema";

export type AuditEntry = typeof auditLog.$inferInsert;

export async function recordAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values(entry);
}

/** Newest first; `cursor` is the last entry of the previous page. */
export async function listAudit(db: Db, q: { projectId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(auditLog.projectId, q.projectId)];
  if (q.cursor) conditions.push(olderThan(auditLog.createdAt, auditLog.id, q.cursor));
  return db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.createdAt), desc(auditLog.id)).limit(q.limit).all();
}
