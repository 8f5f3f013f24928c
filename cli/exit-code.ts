import type { BatchStatus } from "../client/types";

/** Exit codes of `bulk` (the contract's): 0 done, 1 failed or an error, 2 some rows failed. */
export const EXIT = { ok: 0, error: 1, partial: 2 } as const;

/** How `bulk submit --wait` ends for a batch's final status. */
export function exitCodeForStatus(status: BatchStatus): number {
  switch (status) {
    case "succeeded":
      return EXIT.ok;
    case "partially_failed":
      return EXIT.partial;
    case "failed":
    case "cancelled":
      return EXIT.error;
    case "accepted":
    case "running":
    case "paused":
      // Not an outcome: waiting only ends on a terminal status.
      return EXIT.error;
  }
}
