import { and, desc, eq } from "drizzle-orm";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { jobs } from "./schema";

export type JobRow = typeof jobs.$inferSelect;

export async function insertJob(db: Db, job: JobRow) {
  await db.insert(jobs).values(job);
}

/** The project's job, or undefined (also for another project's). */
export async function findJob(db: Db, projectId: string, id: string) {
  return db.select().from(jobs).where(and(eq(jobs.id, id), eq(jobs.projectId, projectId))).get();
}

/** Newest first; `cursor` is the last job of the previous page. */
export async function listJobs(db: Db, q: { projectId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(jobs.projectId, q.projectId)];
  if (q.cursor) conditions.push(olderThan(jobs.createdAt, jobs.id, q.cursor));
  return db.select().from(jobs).where(and(...conditions)).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(q.limit).all();
}
