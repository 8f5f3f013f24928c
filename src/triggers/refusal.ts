/** Why a bulk trigger was not taken; the API answers 409 for a conflict and 503 for the rest. */
export type TriggerRefusal =
  | { code: "idempotency_conflict"; message: string }
  | { code: "trigger_unsettled" | "batch_not_started"; message: string };

export const idempotencyConflict: TriggerRefusal = {
  code: "idempotency_conflict",
  message: "This Idempotency-Key was already used with a different job or items",
};
