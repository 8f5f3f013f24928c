import type { BatchRecord } from "../domain/batch-record";
import type { WebhookEventType } from "../domain/webhook-events";

/** An event as the batch object made it: the batch as it was then. */
export type BatchEvent = { id: string; type: WebhookEventType; created_at: string; batch: BatchRecord };

/**
 * Messages of the `bulk-webhooks` queue: an event to fan out to the
 * project's endpoints, then one delivery per endpoint, retried on its own.
 */
export type WebhookMessage = { kind: "event"; project_id: string; event: BatchEvent } | { kind: "delivery"; endpoint_id: string; project_id: string; event: BatchEvent };
