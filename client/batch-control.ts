import { randomUUID } from "node:crypto";
import { assertOk, dataOf, type BulkClient } from "./create-client";
import type { Batch } from "./types";

const path = (id: string) => ({ path: { id } });

/**
 * `DELETE /v2/batch/operations/{id}` with `X-Operator-Override: destructive`:
 * no row that has not started runs afterwards. A finished batch answers 409
 * `batch_terminal`.
 */
export async function cancelBatch(client: BulkClient, id: string): Promise<void> {
  assertOk(await client.api.DELETE("/v2/batch/operations/{id}", { params: { ...path(id), header: { "x-operator-override": "destructive" } } }));
}

/** `POST …/{id}/pause`: no new rows start; the batch, `paused`. */
export async function pauseBatch(client: BulkClient, id: string): Promise<Batch> {
  return dataOf(await client.api.POST("/v2/batch/operations/{id}/pause", { params: path(id) }));
}

/** `POST …/{id}/resume`: the batch, `running` again. */
export async function resumeBatch(client: BulkClient, id: string): Promise<Batch> {
  return dataOf(await client.api.POST("/v2/batch/operations/{id}/resume", { params: path(id) }));
}

export type ReplayOptions = {
  /** `failed_rows` (default): exactly the rows that failed; `all_rows`: the whole source again. */
  only?: "failed_rows" | "all_rows";
  /** As for createBatch: a fresh UUID when not given. */
  idempotencyKey?: string;
};

/** `POST …/{id}/replay` on a finished batch: the new batch, whose `parent_batch_id` is `id`. */
export async function replayBatch(client: BulkClient, id: string, options: ReplayOptions = {}): Promise<Batch> {
  return dataOf(
    await client.api.POST("/v2/batch/operations/{id}/replay", {
      params: { ...path(id), header: { "idempotency-key": options.idempotencyKey ?? randomUUID() } },
      body: { only: options.only ?? "failed_rows" },
    }),
  );
}
