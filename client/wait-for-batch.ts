import { setTimeout as delay } from "node:timers/promises";
import { isTerminalStatus } from "./batch-status";
import { dataOf, type BulkClient } from "./create-client";
import { isTransient } from "./errors";
import type { Batch } from "./types";

export type WaitForBatchOptions = {
  /** Called with the batch on each poll, the last time with its terminal state. */
  onProgress?: (batch: Batch) => void;
  /** Between polls; the API updates progress at most every 500 ms anyway. */
  intervalMs?: number;
  /** Polls in a row that may get no answer (or a 429/5xx) before giving up (default 10). */
  maxTransientFailures?: number;
  signal?: AbortSignal;
};

/**
 * Polls `GET /v2/batch/operations/{id}` until the batch is terminal
 * (succeeded, partially_failed, failed or cancelled) and returns it. A
 * paused batch is waited for: it may be resumed. Polls that get no answer
 * are tried again (see maxTransientFailures). Stop early with `signal`.
 */
export async function waitForBatch(client: BulkClient, id: string, options: WaitForBatchOptions = {}): Promise<Batch> {
  const intervalMs = options.intervalMs ?? 500;
  const maxFailures = options.maxTransientFailures ?? 10;
  let failures = 0;
  for (;;) {
    let batch: Batch | null = null;
    try {
      batch = await getBatch(client, id, options.signal);
      failures = 0;
    } catch (error) {
      // A batch can run for hours: a blip in the network (or a restart of the API) is waited out, backing off.
      if (!isTransient(error) || ++failures >= maxFailures) throw error;
    }
    if (batch) {
      options.onProgress?.(batch);
      if (isTerminalStatus(batch.status)) return batch;
    }
    await delay(intervalMs * Math.min(2 ** failures, 16), undefined, { signal: options.signal });
  }
}

/** `GET /v2/batch/operations/{id}`: the batch with live progress. */
export async function getBatch(client: BulkClient, id: string, signal?: AbortSignal): Promise<Batch> {
  return dataOf(await client.api.GET("/v2/batch/operations/{id}", { params: { path: { id } }, signal }));
}
