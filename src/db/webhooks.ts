import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { webhookDeliveries, webhookEndpoints } from "./schema";

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertWebhookEndpoint(db: Db, row: WebhookEndpointRow) {
  await db.insert(webhookEndpoints).values(row);
}

/** The project's endpoint, or undefined (also for another project's). */
export async function findWebhookEndpoint(db: Db, projectId: string, id: string) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.projectId, projectId)))
    .get();
}

/** Newest first; `cursor` is the last row of the previous page. */
export async function listWebhookEndpoints(db: Db, q: { projectId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(webhookEndpoints.projectId, q.projectId)];
  if (q.cursor) conditions.push(olderThan(webhookEndpoints.createdAt, webhookEndpoints.id, q.cursor));
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(...conditions))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(q.limit)
    .all();
}

/** Whether the project has any endpoint (events of a project without one are not queued). */
export async function projectHasWebhooks(d1: D1Database, projectId: string): Promise<boolean> {
  return (await d1.prepare("SELECT 1 FROM webhook_endpoints WHERE project_id = ? LIMIT 1").bind(projectId).first()) !== null;
}

/** The project's endpoints that take this event type. */
export async function endpointsFor(db: Db, projectId: string, type: string) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.projectId, projectId), sql`EXISTS (SELECT 1 FROM json_each(${webhookEndpoints.events}) WHERE value = ${type})`))
    .all();
}

/** Deletes the endpoint and its delivery log; false when the project has no such endpoint. */
export async function deleteWebhookEndpoint(d1: D1Database, projectId: string, id: string): Promise<boolean> {
  const [deleted] = await d1.batch([
    d1.prepare("DELETE FROM webhook_endpoints WHERE id = ? AND project_id = ?").bind(id, projectId),
    d1.prepare("DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ?)").bind(id, id),
  ]);
  return deleted!.meta.changes > 0;
}

export async function recordWebhookDelivery(db: Db, row: WebhookDeliveryRow) {
  await db.insert(webhookDeliveries).values(row);
}

/** Newest first; `cursor` is the last row of the previous page. */
export async function listWebhookDeliveries(db: Db, q: { endpointId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(webhookDeliveries.endpointId, q.endpointId)];
  if (q.cursor) conditions.push(olderThan(webhookDeliveries.at, webhookDeliveries.id, q.cursor));
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.at), desc(webhookDeliveries.id))
    .limit(q.limit)
    .all();
}
