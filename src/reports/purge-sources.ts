import { findDeletableSourceObjects, forgetSourceObject, type SourceObject, type SourceObjectCursor } from "../db/source-objects";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { pagedPhase } from "./paged-phase";
import type { Phase } from "./run-phases";

/**
 * Deletes uploads and replaced SFTP files retired before `retiredBefore`
 * that no batch references any more (see `retentionCutoffs`): the R2 object
 * first, then its records, so a failure in between only repeats the delete.
 */
export function purgeSourcesPhase(env: Bindings, q: { retiredBefore: string }, deleted: (r2Key: string) => void): Phase {
  return pagedPhase<SourceObject, SourceObjectCursor>({
    name: "source_objects",
    pageSize: 100,
    fetchPage: (after, limit) => findDeletableSourceObjects(env.DB, { retiredBefore: q.retiredBefore, after, limit }),
    cursorOf: (object) => object,
    describe: (object) => ({ r2_key: object.r2Key }),
    async handle(object, budget) {
      if (!budget.take(2)) return false;
      await env.BUCKET.delete(object.r2Key);
      await forgetSourceObject(env.DB, object);
      logEvent("source.deleted", { r2_key: object.r2Key, upload_id: object.uploadId });
      deleted(object.r2Key);
      return true;
    },
  });
}
