import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../../db/audit-log";
import { openDb } from "../../db/client";
import type { AppEnv } from "../../env";
import { newId } from "../../lib/ids";
import { logEvent } from "../../lib/log";
import { ApiError } from "./errors";
import { json } from "./responses";
import { ErrorResponse } from "../batches/schemas";

/** The header a destructive route takes, and the 428 it answers without it. */
export const OverrideHeader = z.object({ "x-operator-override": z.string().optional().openapi({ example: "destructive" }) });
export const overrideMissing = { 428: json(ErrorResponse, "X-Operator-Override: destructive is missing") };

/** Throws 428 unless the request carries `X-Operator-Override: destructive`. */
export function requireOverride(c: Context<AppEnv>, header: string | undefined, what: string): void {
  if (header !== "destructive") throw new ApiError(428, "operator_override_required", `${what} is destructive: send X-Operator-Override: destructive`);
}

/** Writes a destructive action to the project's audit log (D1) and the log stream, with the actor and request id. */
export async function auditDestructive(c: Context<AppEnv>, entry: { action: string; targetId: string; batchId?: string; at: string }): Promise<void> {
  const caller = c.get("caller");
  const requestId = c.get("requestId");
  await recordAudit(openDb(c.env.DB), {
    id: newId("aud"),
    projectId: caller.projectId,
    actor: caller.actor,
    action: entry.action,
    batchId: entry.batchId ?? null,
    targetId: entry.targetId,
    requestId,
    createdAt: entry.at,
  });
  logEvent("audit", { action: entry.action, actor: caller.actor, target_id: entry.targetId, ...(entry.batchId ? { batch_id: entry.batchId } : {}), project_id: caller.projectId, request_id: requestId });
}
