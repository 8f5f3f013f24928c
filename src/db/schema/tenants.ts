import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { SURFACES } from "../../domain/vocabulary";

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
