import { and, eq, isNull } from "drizzle-orm";
import type { Surface } from "../domain/vocabulary";
import type { Db } from "./client";
import { apiKeys, projects } from "./schema";

export type { Surface };

export async function insertProject(db: Db, project: { id: string; name: string; createdAt: string }) {
  await db.insert(projects).values(project);
}

export async function findProject(db: Db, id: string) {
  return db.select().from(projects).where(eq(projects.id, id)).get();
}

export async function insertApiKey(
  db: Db,
  key: { id: string; projectId: string; keyHash: string; surface: Surface; createdAt: string },
) {
  await db.insert(apiKeys).values(key);
}

/** The live (not revoked) key with this hash. */
export async function findActiveKeyByHash(db: Db, keyHash: string) {
  return db
    .select({ id: apiKeys.id, projectId: apiKeys.projectId, surface: apiKeys.surface })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
}

/** Revokes a key; false when no live key has this id. */
export async function revokeApiKey(db: Db, id: string, at: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
