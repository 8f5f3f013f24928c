import { and, asc, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { sftpCredentials, sftpFiles, sourceObjects } from "./schema";

export type SftpCredentialsRow = typeof sftpCredentials.$inferSelect;
export type SftpFileRow = typeof sftpFiles.$inferSelect;

export async function insertSftpCredentials(db: Db, row: typeof sftpCredentials.$inferInsert) {
  await db.insert(sftpCredentials).values(row);
}

/** Any credentials with this id, revoked or not; callers check the project. */
export async function findSftpCredentials(db: Db, id: string) {
  return db.select().from(sftpCredentials).where(eq(sftpCredentials.id, id)).get();
}

/** The live (not revoked) credentials with this username. */
export async function findActiveSftpCredentialsByUsername(db: Db, username: string) {
  return db
    .select()
    .from(sftpCredentials)
    .where(and(eq(sftpCredentials.username, username), isNull(sftpCredentials.revokedAt)))
    .get();
}

/** Newest first; `cursor` is the last row of the previous page. */
export async function listSftpCredentials(db: Db, q: { projectId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(sftpCredentials.projectId, q.projectId)];
  if (q.cursor) conditions.push(olderThan(sftpCredentials.createdAt, sftpCredentials.id, q.cursor));
  return db
    .select()
    .from(sftpCredentials)
    .where(and(...conditions))
    .orderBy(desc(sftpCredentials.createdAt), desc(sftpCredentials.id))
    .limit(q.limit)
    .all();
}

/** Revokes live credentials; false when they were already revoked. */
export async function revokeSftpCredentials(db: Db, id: string, at: string): Promise<boolean> {
  const rows = await db
    .update(sftpCredentials)
    .set({ revokedAt: at })
    .where(and(eq(sftpCredentials.id, id), isNull(sftpCredentials.revokedAt)))
    .returning({ id: sftpCredentials.id });
  return rows.length > 0;
}

/** A credential's files in path order, after `afterPath` when paging. */
export async function listSftpFiles(db: Db, credentialsId: string, page?: { afterPath?: string; limit: number }) {
  const conditions = [eq(sftpFiles.credentialsId, credentialsId)];
  if (page?.afterPath !== undefined) conditions.push(gt(sftpFiles.path, page.afterPath));
  const query = db.select().from(sftpFiles).where(and(...conditions)).orderBy(asc(sftpFiles.path));
  return page ? query.limit(page.limit).all() : query.all();
}

export async function findSftpFile(db: Db, credentialsId: string, path: string) {
  return db.select().from(sftpFiles).where(and(eq(sftpFiles.credentialsId, credentialsId), eq(sftpFiles.path, path))).get();
}

/**
 * Records the latest upload at a path, replacing whatever was recorded there
 * before. A ready file it replaces is retired in the same transaction: no new
 * batch can read it, so the retention job deletes it once no batch does.
 */
export async function recordSftpFile(db: Db, file: typeof sftpFiles.$inferInsert): Promise<SftpFileRow> {
  const { credentialsId: _c, path: _p, ...changes } = file;
  const [, rows] = await db.batch([
    db
      .insert(sourceObjects)
      .select(
        db
          .select({ r2Key: sftpFiles.r2Key, retiredAt: sql`${file.uploadedAt}`.as("retired_at"), uploadId: sql`NULL`.as("upload_id") })
          .from(sftpFiles)
          .where(and(eq(sftpFiles.credentialsId, file.credentialsId), eq(sftpFiles.path, file.path), eq(sftpFiles.status, "ready"), ne(sftpFiles.r2Key, file.r2Key))),
      )
      .onConflictDoNothing(),
    db
      .insert(sftpFiles)
      .values(file)
      .onConflictDoUpdate({ target: [sftpFiles.credentialsId, sftpFiles.path], set: changes })
      .returning(),
  ]);
  return rows[0]!;
}
