import type { Bindings } from "../env";
import type { ChunkLedger } from "./chunk-ledger";

/**
 * What the batch object lends the code that reads rows in (ingestion of a
 * source, or a replay reading its parent's rows back), one slice at a time.
 */
export type ReaderHost = {
  sql: SqlStorage;
  transaction<T>(fn: () => T): T;
  env: Bindings;
  batchId: string;
  projectId: string;
  /** rows per chunk of rows read back (replays) */
  chunkRows: number;
  /** rows per byte-range chunk of a source (throttled batches); null: ranges are cut by bytes only */
  maxRangeRows: number | null;
  /** where the rows read become chunks; write to it inside `transaction` */
  ledger: ChunkLedger;
  /** sends every recorded chunk not yet sent */
  enqueuePending(): Promise<void>;
  /** false once the batch was cancelled or failed: reading stops */
  running(): boolean;
};
