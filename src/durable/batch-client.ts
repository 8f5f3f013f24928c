import type { Bindings } from "../env";
import type { BatchDurableObject } from "./batch-object";

/**
 * The batch object's RPC surface with plain return types (the generated stub
 * types wrap results in `Disposable`, which defeats narrowing of unions).
 */
export type BatchApi = Pick<BatchDurableObject, "create" | "get" | "cancel" | "beginChunk" | "reportChunk" | "errorReportChunks" | "purge" | "replaySlice" | "sourceLocation">;

const BATCH_ID = /^bat_([0-9a-f]{64})$/;

/**
 * The batch id for an idempotency key: the Durable Object is named by the
 * project and key, so concurrent creates with one key meet in one object.
 */
export function batchIdFor(env: Pick<Bindings, "BATCH">, projectId: string, idempotencyKey: string): string {
  return `bat_${env.BATCH.idFromName(`${projectId}\n${idempotencyKey}`).toString()}`;
}

/** The batch's Durable Object, or null when the id is not a batch id. */
export function batchStub(env: Pick<Bindings, "BATCH">, batchId: string): BatchApi | null {
  const hex = BATCH_ID.exec(batchId)?.[1];
  if (!hex) return null;
  try {
    return env.BATCH.get(env.BATCH.idFromString(hex)) as unknown as BatchApi;
  } catch {
    return null;
  }
}
