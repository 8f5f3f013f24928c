/** Why a whole source cannot be read; the batch fails with this code and message. */
export type SourceFailureCode = "source_not_found" | "source_forbidden" | "source_too_large" | "source_refused" | "source_unreadable";

export class SourceError extends Error {
  constructor(
    readonly code: SourceFailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** Largest source accepted, in bytes. */
export const SOURCE_MAX_BYTES = 50 * 1024 ** 3;

export type SourceStat = {
  /** bytes, when the server says */
  size: number | null;
  /** whether reads can start at an offset without downloading what comes before */
  ranges: boolean;
  /** this service's own objects: the version read, which every later read must match */
  etag?: string;
};

/**
 * One kind of large source. Ingestion stats it once, then streams it from
 * its checkpoint in each invocation; readers throw SourceError for trouble
 * with the source itself, anything else is transient.
 */
export interface SourceReader {
  stat(): Promise<SourceStat>;
  /** The bytes from `offset` to the end. */
  streamFrom(offset: number, stat: SourceStat): Promise<ReadableStream<Uint8Array>>;
}

/** Fails over the cap or when the size is unknown and unbounded sources are not allowed. */
export function assertWithinCap(stat: SourceStat): void {
  if (stat.size !== null && stat.size > SOURCE_MAX_BYTES) {
    throw new SourceError("source_too_large", `The source is ${stat.size} bytes; the limit is ${SOURCE_MAX_BYTES} (50 GB)`);
  }
}

/**
 * Trouble that may pass (a 5xx, 408 or 429 answer): ingestion is retried with
 * the batch object's alarm backoff, and the batch fails only if it persists.
 */
export class TransientSourceError extends Error {}

/** The error for an HTTP status: SourceError when it says the source itself is not readable, TransientSourceError when it may pass. */
export function sourceErrorForStatus(status: number, what: string): SourceError | TransientSourceError {
  if (status === 404 || status === 410) return new SourceError("source_not_found", `${what} answered ${status}: not found`);
  if (status === 401 || status === 403) return new SourceError("source_forbidden", `${what} answered ${status}: access denied (expired or bad signature?)`);
  if (status >= 500 || status === 408 || status === 429) return new TransientSourceError(`${what} answered ${status}`);
  return new SourceError("source_unreadable", `${what} answered ${status}`);
}
