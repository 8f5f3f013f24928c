import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const contacts = sqliteTable(
  "contacts",
  {
    /** unique by construction (newId); nothing looks a contact up by it, so it has no index to keep */
    id: text("id").notNull(),
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

/** Messages waiting for delivery; the unique key is the per-row idempotency guard. */
export const outbox = sqliteTable(
  "outbox",
  {
    /** unique by construction (newId); nothing looks a contact up by it, so it has no index to keep */
    id: text("id").notNull(),
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
