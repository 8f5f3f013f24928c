import { renderBatch } from "../api/batches/render-batch";
import { configOf } from "../config";
import { openDb } from "../db/client";
import { endpointsFor, findWebhookEndpoint, recordWebhookDelivery } from "../db/webhooks";
import { deliveryRetryDelaySeconds, MAX_DELIVERY_ATTEMPTS } from "../domain/webhook-events";
import { signWebhook } from "../domain/webhook-signature";
import type { Bindings } from "../env";
import { newId } from "../lib/ids";
import { errorSummary, logEvent } from "../lib/log";
import { QUEUE_LIMITS } from "../lib/platform-limits";
import { checkFetchUrl } from "../sources/url-guard";
import type { BatchEvent, WebhookMessage } from "./messages";
import { openWebhookSecret } from "./secrets";

export const WEBHOOK_QUEUE = "bulk-webhooks";

/** A receiver has this long to answer; then the attempt counts as failed. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Consumes the webhook queue: an event becomes one delivery message per
 * endpoint that takes its type; a delivery POSTs the signed event and is
 * retried on its own with backoff until it gets a 2xx or runs out of
 * attempts. Every attempt is recorded. A slow receiver holds up only its
 * own message, never a batch.
 */
export async function consumeWebhooks(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body as WebhookMessage;
      try {
        if (body.kind === "event") await fanOut(env, body);
        else if (!(await deliver(env, body, message.attempts))) {
          if (message.attempts < MAX_DELIVERY_ATTEMPTS) return message.retry({ delaySeconds: deliveryRetryDelaySeconds(message.attempts, configOf(env).WEBHOOK_RETRY_BASE_MS) });
          logEvent("webhook.gave_up", { endpoint_id: body.endpoint_id, event_id: body.event.id, attempts: message.attempts });
        }
        message.ack();
      } catch (e) {
        // The platform failed under us (D1, the queue): the queue's own retries take it.
        logEvent("webhook.error", { kind: body.kind, event_id: body.event?.id, error: errorSummary(e) });
        message.retry();
      }
    }),
  );
}

async function fanOut(env: Bindings, message: Extract<WebhookMessage, { kind: "event" }>): Promise<void> {
  const endpoints = await endpointsFor(openDb(env.DB), message.project_id, message.event.type);
  const deliveries = endpoints.map((e) => ({ body: { kind: "delivery", endpoint_id: e.id, project_id: message.project_id, event: message.event } satisfies WebhookMessage, contentType: "json" as const }));
  for (let i = 0; i < deliveries.length; i += QUEUE_LIMITS.sendBatchMessages) await env.WEBHOOKS.sendBatch(deliveries.slice(i, i + QUEUE_LIMITS.sendBatchMessages));
}

/** One attempt: true when the receiver answered 2xx, or when there is nothing left to deliver to. */
async function deliver(env: Bindings, message: Extract<WebhookMessage, { kind: "delivery" }>, attempt: number): Promise<boolean> {
  const db = openDb(env.DB);
  const endpoint = await findWebhookEndpoint(db, message.project_id, message.endpoint_id);
  if (!endpoint || !env.WEBHOOK_KEK) return true; // deleted since, or webhooks turned off
  const body = JSON.stringify(payloadOf(env, message.event));
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = await signWebhook(await openWebhookSecret(env.WEBHOOK_KEK, endpoint), { id: message.event.id, timestamp, body });
  let statusCode: number | null = null;
  let error: string | null = null;
  const checked = checkFetchUrl(endpoint.url, { allowLoopback: configOf(env).ALLOW_LOOPBACK_FETCH });
  if (!checked.ok) error = checked.error.message;
  else {
    try {
      const res = await fetch(checked.value, {
        method: "POST",
        headers: { "Content-Type": "application/json", "webhook-id": message.event.id, "webhook-timestamp": String(timestamp), "webhook-signature": signature },
        body,
        // A redirect is an answer, not a new address to post to.
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status >= 300) error = `answered ${res.status}`;
    } catch (e) {
      error = errorSummary(e);
    }
  }
  await recordWebhookDelivery(db, { id: newId("dlv"), endpointId: endpoint.id, eventId: message.event.id, type: message.event.type, attempt, statusCode, error, at: new Date().toISOString() });
  return error === null;
}

/** The body receivers get (CONTRACT.md): the event with the public Batch as it was. */
function payloadOf(env: Bindings, event: BatchEvent) {
  return { id: event.id, type: event.type, created_at: event.created_at, data: { batch: renderBatch(event.batch, env.PUBLIC_API_ORIGIN ?? "", Date.parse(event.created_at)) } };
}
