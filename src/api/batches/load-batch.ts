import type { Context } from "hono";
import { batchStub } from "../../durable/batch-client";
import type { AppEnv } from "../../env";
import { ApiError, notFound } from "../http/errors";

/** The caller's batch and its Durable Object; another project's batch is 404, like a missing one. */
export async function loadCallerBatch(c: Context<AppEnv>, batchId: string) {
  const stub = batchStub(c.env, batchId);
  const record = stub ? await stub.get() : null;
  if (!stub || !record || record.project_id !== c.get("caller").projectId) throw notFound("Batch");
  return { stub, record };
}

/** The caller's batch, for reading its rows back (reports, replays): 410 once its results are past retention. */
export async function loadReportBatch(c: Context<AppEnv>, batchId: string) {
  const loaded = await loadCallerBatch(c, batchId);
  const expires = loaded.record.results_expire_at;
  if (expires && Date.parse(expires) <= Date.now()) throw new ApiError(410, "results_expired", `This batch's results were kept until ${expires}`);
  return loaded;
}
