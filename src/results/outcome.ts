/** One row's outcome as a chunk stores it: its result (succeeded) or its list of row errors (failed). */
export type RowOutcome = {
  rowNumber: number;
  /** replays: the row's number in the first batch of the chain */
  originalRowNumber: number | null;
  sourceIdentifier: string | null;
  status: "succeeded" | "failed";
  /** the result object, or the list of row errors */
  body: unknown;
};

/** A stored outcome read back: a section holds rows of one status, so the status is known from where it was read. */
export type StoredRow = Omit<RowOutcome, "status">;

/** Longest result (or list of errors) one row may have, in bytes of JSON; a longer one is stored as `result_too_large`. */
export const ROW_OUTCOME_MAX_BYTES = 1_500_000;

export const RESULT_TOO_LARGE = {
  code: "result_too_large",
  message: `The row's result is longer than ${ROW_OUTCOME_MAX_BYTES} bytes of JSON and cannot be stored`,
} as const;
