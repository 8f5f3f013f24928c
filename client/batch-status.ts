import type { BatchStatus } from "./types";

/** Statuses a batch never leaves (the contract's terminal states). */
export const TERMINAL_STATUSES = ["succeeded", "partially_failed", "failed", "cancelled"] as const satisfies readonly BatchStatus[];

export function isTerminalStatus(status: BatchStatus): boolean {
  return (TERMINAL_STATUSES as readonly BatchStatus[]).includes(status);
}
