import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { dataOf, type BulkClient } from "./create-client";
import { isTransient } from "./errors";
import type { Batch, CreateBatchRequest } from "./types";

export type CreateBatchOptions = {
  /**
   * Scopes the batch: sending the same request again with the same key
   * answers the batch it created rather than a second one. A fresh UUID
   * when not given; pass your own to retry safely across processes.
   */
  idempotencyKey?: string;
  /** Tries in all when there is no answer, or a 429 or 5xx one (default 3). */
  attempts?: number;
  signal?: AbortSignal;
};

/**
 * `POST /v2/batch/operations`: the batch, `accepted` (or the one this key
 * already created). A request whose answer was lost is sent again with the
 * same key, so it never makes a second batch.
 */
export async function createBatch(client: BulkClient, body: CreateBatchRequest, options: CreateBatchOptions = {}): Promise<Batch> {
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return dataOf(await client.api.POST("/v2/batch/operations", { body, params: { header: { "idempotency-key": idempotencyKey } }, signal: options.signal }));
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await delay(500 * 2 ** (attempt - 1), undefined, { signal: options.signal });
    }
  }
}
