import { randomUUID } from "node:crypto";
import { dataOf, type BulkClient } from "./create-client";
import type { Batch, CreateBatchRequest } from "./types";

export type CreateBatchOptions = {
  /**
   * Scopes the batch: sending the same request again with the same key
   * answers the batch it created rather than a second one. A fresh UUID
   * when not given; pass your own to retry safely across processes.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

/** `POST /v2/batch/operations`: the batch, `accepted` (or the one this key already created). */
export async function createBatch(client: BulkClient, body: CreateBatchRequest, options: CreateBatchOptions = {}): Promise<Batch> {
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  return dataOf(await client.api.POST("/v2/batch/operations", { body, params: { header: { "idempotency-key": idempotencyKey } }, signal: options.signal }));
}
