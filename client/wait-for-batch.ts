import { setTimeout as delay } from "node:timers/promises";
import { isTerminalStatus } from "./batch-status";
import { dataOf, type BulkClient } from "./create-client";
import type { Batch } from "./types";

export type WaitForBatchOptions = {
  /** Called with the batch on each poll, the last time with its terminal state. */
  onProgress?: (batch: Batch) => void;
  /** Between polls; the API updates progress at most every 500 ms anyway. */
  intervalMs?: number;
  signal?: AbortSignal;
};

/**
 * Polls `GET /v2/batch/operations/{id}` until the batch is terminal
 * (succeeded, partially_failed, failed or cancelled) and returns it. A
 * paused batch is waited for: it may be resumed. Stop early with `signal`.
 */
export async function waitForBatch(client: BulkClient, id: string, options: WaitForBatchOptions = {}): Promise<Batch> {
  const intervalMs = options.intervalMs ?? 500;
  for (;;) {
    const batch = await getBatch(client, id, options.signal);
    options.onProgress?.(batch);
    if (isTerminalStatus(batch.status)) return batch;
    await delay(intervalMs, undefined, { signal: options.signal });
  }
}

/** `GET /v2/batch/operations/{id}`: the batch with live progress. */
export async function getBatch(client: BulkClient, id: string, signal?: AbortSignal): Promise<Batch> {
  return dataOf(await client.api.GET("/v2/batch/operations/{id}", { params: { path: { id } }, signal }));
}
