import { isTerminal, type BatchStatus } from "./batch-state";

/** Whether a running batch is done: every chunk counted and no row left to read in. */
export function readyToFinish(s: { status: BatchStatus; openChunks: number; stillReading: boolean }): boolean {
  return s.status === "running" && s.openChunks === 0 && !s.stillReading;
}

/**
 * When the batch object runs next after its alarm ran, or null for never
 * again: at once while the source is still being read (each run reads a
 * slice), else at the next watchdog tick while it runs.
 */
export function nextRunAfterStep(s: { status: BatchStatus; stillReading: boolean; nowMs: number; watchdogMs: number }): number | null {
  // A paused batch sleeps until it is resumed (or cancelled): nothing of it runs meanwhile.
  if (isTerminal(s.status) || s.status === "paused") return null;
  return s.status === "running" && s.stillReading ? s.nowMs : s.nowMs + s.watchdogMs;
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
