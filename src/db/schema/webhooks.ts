import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A project's webhook endpoints. The signing secret is shown once, at
 * creation; it is kept sealed under WEBHOOK_KEK (AES-GCM, the endpoint id as
 * associated data), since signing each delivery needs it back.
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    url: text("url").notNull(),
    /** JSON array of event types */
    events: text("events").notNull(),
    secretIv: text("secret_iv").notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("webhook_endpoints_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** Every attempt to deliver an event to an endpoint, kept until the endpoint is deleted. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    attempt: integer("attempt").notNull(),
    /** the receiver's answer; null when none came (timeout, refused, network) */
    statusCode: integer("status_code"),
    error: text("error"),
    at: text("at").notNull(),
  },
  (t) => [index("webhook_deliveries_endpoint_list").on(t.endpointId, t.at, t.id)],
);
