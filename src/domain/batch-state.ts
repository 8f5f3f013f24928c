import { err, ok, type Result } from "./result";

export const BATCH_STATUSES = [
  "accepted",
  "running",
  "paused",
  "succeeded",
  "partially_failed",
  "failed",
  "cancelled",
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export type Progress = {
  /** null until the source has been fully read */
  rows_total: number | null;
  rows_processed: number;
  rows_succeeded: number;
  rows_failed: number;
};

export type Failure = { code: string; message: string };

/** The part of a batch the state machine owns. Times are ISO-8601 strings. */
export type BatchState = {
  status: BatchStatus;
  started_at: string | null;
  completed_at: string | null;
  progress: Progress;
  failure: Failure | null;
};

export type BatchEvent =
  | { type: "start"; at: string }
  | { type: "finish"; at: string }
  | { type: "fail"; at: string; failure: Failure }
  | { type: "cancel"; at: string }
  | { type: "pause"; at: string }
  | { type: "resume"; at: string };

export type TransitionError = { code: "batch_terminal" | "invalid_transition"; from: BatchStatus; event: BatchEvent["type"] };

type Step = <S extends BatchState>(state: S, event: BatchEvent) => S;

const start: Step = (s, e) => ({ ...s, status: "running", started_at: e.at });
const finish: Step = (s, e) => ({ ...s, status: terminalStatusFor(s.progress), completed_at: e.at });
const fail: Step = (s, e) => ({
  ...s,
  status: "failed",
  completed_at: e.at,
  failure: e.type === "fail" ? e.failure : s.failure,
});
const cancel: Step = (s, e) => ({ ...s, status: "cancelled", completed_at: e.at });
const pause: Step = (s) => ({ ...s, status: "paused" });
const resume: Step = (s) => ({ ...s, status: "running" });

/** Every allowed move; anything absent is refused. Terminal states have no moves. */
const TRANSITIONS: Record<BatchStatus, Partial<Record<BatchEvent["type"], Step>>> = {
  accepted: { start, fail, cancel },
  running: { finish, fail, cancel, pause },
  // Paused: no chunk starts; chunks already running finish and are counted. It finishes only once resumed.
  paused: { resume, fail, cancel },
  succeeded: {},
  partially_failed: {},
  failed: {},
  cancelled: {},
};

export const isTerminal = (status: BatchStatus): boolean => Object.keys(TRANSITIONS[status]).length === 0;

/** Applies one event; pure. */
export function transition<S extends BatchState>(state: S, event: BatchEvent): Result<S, TransitionError> {
  const step = TRANSITIONS[state.status][event.type];
  if (!step) {
    const code = isTerminal(state.status) ? "batch_terminal" : "invalid_transition";
    return err({ code, from: state.status, event: event.type });
  }
  return ok(step(state, event));
}

/** succeeded: nothing failed (also zero rows); failed: every row failed; else partially_failed. */
export function terminalStatusFor(p: Progress): "succeeded" | "partially_failed" | "failed" {
  if (p.rows_failed === 0) return "succeeded";
  if (p.rows_succeeded === 0) return "failed";
  return "partially_failed";
}

/** Adds one chunk's outcome to the counters; processed always equals succeeded + failed. */
export function addChunkCounts(p: Progress, succeeded: number, failed: number): Progress {
  return {
    ...p,
    rows_succeeded: p.rows_succeeded + succeeded,
    rows_failed: p.rows_failed + failed,
    rows_processed: p.rows_processed + succeeded + failed,
  };
}

export function initialState(rowsTotal: number | null): BatchState {
  return {
    status: "accepted",
    started_at: null,
    completed_at: null,
    progress: { rows_total: rowsTotal, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 },
    failure: null,
  };
}
