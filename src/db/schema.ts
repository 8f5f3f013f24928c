import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { OPERATION_KINDS, SOURCE_FORMATS, SURFACES } from "../domain/vocabulary";

export const projects = sqliteTable("projects", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
});

/** API keys; only the SHA-256 of the secret is stored. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    keyHash: text("key_hash").notNull(),
    surface: text("surface", { enum: SURFACES }).notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_key_hash").on(t.keyHash)],
);

/**
 * A mirror of each batch Durable Object's record, for listing. The Durable
 * Object is the truth; `doc` is its last mirrored record as JSON.
 */
export const batches = sqliteTable(
  "batches",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    surface: text("surface").notNull(),
    status: text("status").notNull(),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
    /** set once the purge job has removed the batch's results and reports */
    purgedAt: text("purged_at"),
    version: integer("version").notNull(),
    doc: text("doc").notNull(),
    /** the batch this one replays, for lineage */
    parentBatchId: text("parent_batch_id"),
  },
  (t) => [
    index("batches_project_list").on(t.projectId, t.surface, t.createdAt, t.id),
    index("batches_purge").on(t.completedAt).where(sql`purged_at IS NULL`),
    index("batches_parent").on(t.parentBatchId).where(sql`parent_batch_id IS NOT NULL`),
  ],
);

/** One row per processed source row: its result, or its errors. */
export const rowResults = sqliteTable(
  "row_results",
  {
    batchId: text("batch_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    sourceIdentifier: text("source_identifier"),
    status: text("status", { enum: ["succeeded", "failed"] }).notNull(),
    /** JSON: the result object, or the array of row errors */
    body: text("body").notNull(),
    /** see domain/sampling.ts */
    sampleBucket: integer("sample_bucket").notNull(),
    /** in a replay, the row's number in the first batch of the chain */
    originalRowNumber: integer("original_row_number"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.rowNumber] }), index("row_results_status").on(t.batchId, t.status, t.rowNumber)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    email: text("email").notNull(),
    name: text("name"),
    phone: text("phone"),
    uniqueId: text("unique_id"),
    attributes: text("attributes").notNull().default("{}"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("contacts_project_email").on(t.projectId, t.email)],
);

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

/** Messages waiting for delivery; the unique key is the per-row idempotency guard. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    batchId: text("batch_id").notNull(),
    idempotencyKey: text("idempotency_key"),
    /** `key:<idempotency_key>`, or `row:<row number>` for a row without one: unique per batch */
    dedupKey: text("dedup_key").notNull(),
    channel: text("channel").notNull(),
    recipient: text("recipient").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("outbox_batch_dedup").on(t.batchId, t.dedupKey)],
);

/** Destructive actions, who took them and when; readable by the project through GET /v2/audit-log. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    batchId: text("batch_id"),
    /** what the action was taken on: a batch id, an SFTP credentials id, ... */
    targetId: text("target_id"),
    requestId: text("request_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("audit_log_project").on(t.projectId, t.createdAt, t.id)],
);

/** v1 jobs: an operation with fixed params that partners trigger in bulk. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    operation: text("operation", { enum: OPERATION_KINDS }).notNull(),
    /** JSON object */
    params: text("params").notNull(),
    dedupWindowSecs: integer("dedup_window_secs").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("jobs_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** The dedup window: a payload hash triggered on a job, until when it counts as a duplicate. */
export const jobTriggers = sqliteTable(
  "job_triggers",
  {
    jobId: text("job_id").notNull(),
    payloadHash: text("payload_hash").notNull(),
    triggeredAt: text("triggered_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    /** the batch whose trigger holds the claim, so a trigger that is undone releases exactly its own */
    batchId: text("batch_id"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.payloadHash] }), index("job_triggers_batch").on(t.batchId).where(sql`batch_id IS NOT NULL`)],
);

/** A v1 bulk trigger: its batch (same id) runs the created runs; finished_at is the batch's completed_at. */
export const batchOperations = sqliteTable(
  "batch_operations",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    jobId: text("job_id").notNull(),
    itemCount: integer("item_count").notNull(),
    createdCount: integer("created_count").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    /** SHA-256 of the request (job and items), to tell a retry from another use of its Idempotency-Key */
    requestHash: text("request_hash"),
  },
  (t) => [index("batch_operations_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** One run per non-duplicate item of a bulk trigger: row `rowNumber` of batch `batchId`. */
export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    jobId: text("job_id").notNull(),
    batchId: text("batch_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    /** the item's 0-based position in the request's items */
    itemIndex: integer("item_index"),
    /** JSON: the item's payload */
    payload: text("payload").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("runs_batch_row").on(t.batchId, t.rowNumber)],
);

/**
 * Batches whose D1 rows are written before their Durable Object is created
 * (a bulk trigger's BatchOperation, runs and claims; the source references of
 * a batch read from R2). The row goes once the
 * object confirms the batch; the retention job asks the object about rows
 * left behind, and forgets the D1 rows of a batch that was never created.
 */
export const pendingBatches = sqliteTable(
  "pending_batches",
  {
    batchId: text("batch_id").primaryKey(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("pending_batches_created").on(t.createdAt, t.batchId)],
);

/**
 * Logins to the SFTP sidecar, one per partner feed. Secrets are never stored
 * in plain text: the password as PBKDF2-SHA256 (salt and iterations beside
 * it), the PGP private key as AES-GCM under SFTP_KEK (the credential id is
 * the associated data, so a ciphertext cannot be moved to another row).
 */
export const sftpCredentials = sqliteTable(
  "sftp_credentials",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    username: text("username").notNull(),
    auth: text("auth", { enum: ["password", "public_key"] }).notNull(),
    /** base64 PBKDF2-SHA256 output; null for public-key credentials */
    passwordHash: text("password_hash"),
    passwordSalt: text("password_salt"),
    passwordIterations: integer("password_iterations"),
    /** the registered OpenSSH public key line (`type base64`, no comment) */
    sshPublicKey: text("ssh_public_key"),
    /** `SHA256:<unpadded base64>` of the key blob, as `ssh-keygen -l` prints it */
    sshPublicKeyFingerprint: text("ssh_public_key_fingerprint"),
    pgpPublicKey: text("pgp_public_key").notNull(),
    /** base64 AES-GCM IV and ciphertext of the armored private key */
    pgpPrivateKeyIv: text("pgp_private_key_iv").notNull(),
    pgpPrivateKeyCiphertext: text("pgp_private_key_ciphertext").notNull(),
    /** the partner's own key, when uploads must be signed by it */
    partnerPgpPublicKey: text("partner_pgp_public_key"),
    partnerPgpPublicKeyFingerprint: text("partner_pgp_public_key_fingerprint"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("sftp_credentials_username").on(t.username), index("sftp_credentials_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** The latest upload at each path of a credential's root; the plaintext lives in R2 under `r2Key`. */
export const sftpFiles = sqliteTable(
  "sftp_files",
  {
    id: text("id").primaryKey(),
    credentialsId: text("credentials_id").notNull().references(() => sftpCredentials.id),
    path: text("path").notNull(),
    r2Key: text("r2_key").notNull(),
    /** plaintext bytes; null when the upload failed */
    size: integer("size"),
    /** lowercase hex SHA-256 of the plaintext, as the sidecar computed it */
    sha256: text("sha256"),
    status: text("status", { enum: ["ready", "failed"] }).notNull(),
    /** why a failed upload failed (decryption, signature, ...) */
    error: text("error"),
    uploadedAt: text("uploaded_at").notNull(),
  },
  (t) => [uniqueIndex("sftp_files_credentials_path").on(t.credentialsId, t.path)],
);
