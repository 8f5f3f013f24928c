import { isTerminal, type BatchStatus } from "./batch-state";

/** The events a webhook endpoint may subscribe to (CONTRACT.md, "Notifications"). */
export const WEBHOOK_EVENT_TYPES = ["batch.started", "batch.progress", "batch.paused", "batch.resumed", "batch.completed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** At most one `batch.progress` per batch this often, while rows move. */
export const PROGRESS_EVENT_INTERVAL_MS = 5_000;

/** The event a change of status makes, if any. */
export function eventOfTransition(from: BatchStatus, to: BatchStatus): WebhookEventType | null {
  if (from === to) return null;
  if (isTerminal(to)) return "batch.completed";
  if (to === "paused") return "batch.paused";
  if (to === "running") return from === "paused" ? "batch.resumed" : "batch.started";
  return null;
}

/** Whether rows counted now make a `batch.progress`: the last one (if any) is at least the interval old. */
export const progressEventDue = (lastProgressMs: number | null, nowMs: number): boolean =>
  lastProgressMs === null || nowMs - lastProgressMs >= PROGRESS_EVENT_INTERVAL_MS;

/**
 * Delay before attempt `attempt + 1` of a delivery: the base doubling from
 * the first retry, in whole seconds (what a queue retry takes).
 */
export const deliveryRetryDelaySeconds = (attempt: number, baseMs: number): number => Math.round((baseMs * 2 ** (attempt - 1)) / 1000);

/** Attempts per delivery, the first included. */
export const MAX_DELIVERY_ATTEMPTS = 8;
