import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { SOURCE_FORMATS } from "../../domain/vocabulary";

/** Files partners upload through a signed URL; the bytes live in R2 under `r2Key`. */
export const uploads = sqliteTable("uploads", {
  id: text("id").primaryKey(),
  projectId: text("project_id").notNull(),
  format: text("format", { enum: SOURCE_FORMATS }).notNull(),
  r2Key: text("r2_key").notNull(),
  /** bytes the partner said it would send, if it did */
  contentLength: integer("content_length"),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
});

/**
 * R2 objects that batches read as their source (uploads, SFTP files) from the
 * time no new batch can pick them: an upload's URL expiry, an SFTP file's
 * replacement at its path. The retention job deletes an object an hour after
 * that, once no batch references it (`source_refs`).
 */
export const sourceObjects = sqliteTable(
  "source_objects",
  {
    r2Key: text("r2_key").primaryKey(),
    retiredAt: text("retired_at").notNull(),
    /** the `uploads` row to delete with it */
    uploadId: text("upload_id"),
  },
  (t) => [index("source_objects_retired").on(t.retiredAt, t.r2Key)],
);

/**
 * Which batch reads which R2 source object: written before the batch is
 * created (a replay inherits its parent's), deleted when the batch's results
 * are purged, since until then a replay may read the object again.
 */
export const sourceRefs = sqliteTable(
  "source_refs",
  {
    r2Key: text("r2_key").notNull(),
    batchId: text("batch_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.r2Key, t.batchId] }), index("source_refs_batch").on(t.batchId)],
);
