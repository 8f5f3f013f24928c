import { isTerminal, type BatchStatus } from "./batch-state";

/** Whether a running batch is done: every chunk counted and no row left to read in. */
export function readyToFinish(s: { status: BatchStatus; openChunks: number; stillReading: boolean }): boolean {
  return s.status === "running" && s.openChunks === 0 && !s.stillReading;
}

/**
 * When the batch object runs next after its alarm ran, or null for never
 * again: at once while the source is still being read (each run reads a
 * slice), else at the next watchdog tick while it runs, or sooner when a
 * throttled batch may send its next chunk (`sendDueMs`).
 */
export function nextRunAfterStep(s: { status: BatchStatus; stillReading: boolean; nowMs: number; watchdogMs: number; sendDueMs?: number | null }): number | null {
  // A paused batch sleeps until it is resumed (or cancelled): nothing of it runs meanwhile.
  if (isTerminal(s.status) || s.status === "paused") return null;
  if (s.status === "running" && s.stillReading) return s.nowMs;
  return Math.min(s.nowMs + s.watchdogMs, s.sendDueMs ?? Infinity);
}

/**
 * When to run after a chunk was counted, or null to keep what is scheduled:
 * a finished batch at once (to mirror itself), a running one within the
 * mirror interval, so listings follow its progress.
 */
export function nextRunAfterReport(s: { terminal: boolean; nowMs: number; scheduledMs: number | null; mirrorIntervalMs: number }): number | null {
  if (s.terminal) return s.nowMs;
  const due = s.nowMs + s.mirrorIntervalMs;
  return s.scheduledMs === null || s.scheduledMs > due ? due : null;
}
