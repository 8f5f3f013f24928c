/** R2 key layout; see docs/storage.md. */
const pad = (index: number) => String(index).padStart(8, "0");

export const batchPrefix = (batchId: string) => `batches/${batchId}/`;
export const chunkPayloadKey = (batchId: string, chunkIndex: number) => `${batchPrefix(batchId)}chunks/${pad(chunkIndex)}.json`;
/**
 * A chunk's JSONL error report and spilled results section. `delivery` keeps
 * two deliveries of one chunk from writing the same key: the one whose D1
 * row lands names its objects, the other's are deleted.
 */
export const errorReportKey = (batchId: string, chunkIndex: number, delivery: string) => `${batchPrefix(batchId)}errors/${pad(chunkIndex)}-${delivery}.jsonl`;
export const resultsSectionKey = (batchId: string, chunkIndex: number, delivery: string) => `${batchPrefix(batchId)}results/${pad(chunkIndex)}-${delivery}.br`;
/** A copy of one range of an external source (signed_url, s3), kept for processing and replay. */
export const rangeCopyKey = (batchId: string, chunkIndex: number) => `${batchPrefix(batchId)}ranges/${pad(chunkIndex)}`;
/** A CSV header too long to ride in every range message, as JSON (see src/queues/plan-message.ts). */
export const headerKey = (batchId: string) => `${batchPrefix(batchId)}header.json`;
