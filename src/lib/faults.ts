import { z } from "zod";
import { hookD1 } from "./counting-d1";
import { logEvent } from "./log";

/**
 * Fault injection for the soak run (`npm run soak`), from FAULT_INJECTION,
 * e.g. `consumer_throw=0.1,d1_fail=0.05,redeliver=0.1`: each a share of
 * chunks (or of the consumer's D1 round trips). Off unless set, and refused
 * where ENVIRONMENT is `production`.
 */
const FaultPlan = z
  .object({
    /** a consumer throws after storing a chunk's results and before reporting it (as if it crashed there) */
    consumer_throw: z.coerce.number().min(0).max(1).default(0),
    /** a consumer's D1 round trip fails */
    d1_fail: z.coerce.number().min(0).max(1).default(0),
    /** a processed message is retried instead of acked, so the queue delivers it again */
    redeliver: z.coerce.number().min(0).max(1).default(0),
  })
  .strict();
export type FaultPlan = z.infer<typeof FaultPlan>;

export class InjectedFault extends Error {
  override name = "InjectedFault";
}

const plans = new Map<string, FaultPlan | null>();

/** The plan FAULT_INJECTION describes, or null: unset, malformed (logged) or in production (refused, logged). */
export function faultPlan(env: { FAULT_INJECTION?: string; ENVIRONMENT?: string }): FaultPlan | null {
  const spec = env.FAULT_INJECTION;
  if (!spec) return null;
  const key = `${env.ENVIRONMENT}\n${spec}`;
  if (!plans.has(key)) plans.set(key, parsePlan(spec, env.ENVIRONMENT));
  return plans.get(key)!;
}

function parsePlan(spec: string, environment: string | undefined): FaultPlan | null {
  if (environment === "production") {
    logEvent("fault_injection.refused", { reason: "FAULT_INJECTION is set in production" });
    return null;
  }
  const parsed = FaultPlan.safeParse(Object.fromEntries(spec.split(",").map((pair) => pair.trim().split("=", 2))));
  if (!parsed.success) {
    logEvent("fault_injection.invalid", { spec, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
    return null;
  }
  logEvent("fault_injection.on", parsed.data);
  return parsed.data;
}

/** Throws an InjectedFault with probability `share`. */
export function failSometimes(share: number, where: string, random = Math.random): void {
  if (share > 0 && random() < share) throw new InjectedFault(`injected fault: ${where}`);
}

/** D1 whose round trips fail with probability `share`. */
export function faultyD1(d1: D1Database, share: number): D1Database {
  return share > 0 ? hookD1(d1, () => failSometimes(share, "D1 call")) : d1;
}
