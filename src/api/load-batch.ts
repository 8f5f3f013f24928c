import type { Context } from "hono";
import { batchStub } from "../durable/batch-client";
import type { AppEnv } from "../env";
import { notFound } from "./errors";

/** The caller's batch and its Durable Object; another project's batch is 404, like a missing one. */
export async function loadCallerBatch(c: Context<AppEnv>, batchId: string) {
  const stub = batchStub(c.env, batchId);
  const record = stub ? await stub.get() : null;
  if (!stub || !record || record.project_id !== c.get("caller").projectId) throw notFound("Batch");
  return { stub, record };
}
