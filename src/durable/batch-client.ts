import { hashBatchRequest } from "../domain/hashing";
import type { RunRequest } from "../domain/run-control";
import type { Bindings, Caller } from "../env";
import type { BatchApi, CreateBatchInput, CreateOutcome } from "./batch-record";

export type { BatchApi };

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

export type NewBatch = Pick<CreateBatchInput, "operation" | "params" | "source" | "input" | "parent_batch_id"> & {
  idempotencyKey: string;
  /** run control (none when absent) */
  run?: RunRequest;
  /** what the idempotency hash covers as the source (the request's own source, or what a replay names) */
  hashedSource: unknown;
  now: string;
};

/** Creates the caller's batch in the object its idempotency key names (or finds the one already there). */
export async function createBatch(env: Pick<Bindings, "BATCH">, caller: Caller, b: NewBatch): Promise<CreateOutcome> {
  const id = batchIdFor(env, caller.projectId, b.idempotencyKey);
  return batchStub(env, id)!.create({
    id,
    project_id: caller.projectId,
    surface: caller.surface,
    operation: b.operation,
    params: b.params,
    ...(b.run ? { run: b.run } : {}),
    source: b.source,
    input: b.input,
    source_hash: await hashBatchRequest({ operation: b.operation, source: b.hashedSource, params: b.params, run: b.run }),
    idempotency_key: b.idempotencyKey,
    created_by: caller.actor,
    parent_batch_id: b.parent_batch_id,
    now: b.now,
  });
}
