/** R2 key layout; see docs/storage.md. */
const pad = (index: number) => String(index).padStart(8, "0");

export const batchPrefix = (batchId: string) => `batches/${batchId}/`;
export const chunkPayloadKey = (batchId: string, chunkIndex: number) => `${batchPrefix(batchId)}chunks/${pad(chunkIndex)}.json`;
export const errorReportKey = (batchId: string, chunkIndex: number) => `${batchPrefix(batchId)}errors/${pad(chunkIndex)}.jsonl`;
/** A copy of one range of an external source (signed_url, s3), kept for processing and replay. */
export const rangeCopyKey = (batchId: string, chunkIndex: number) => `${batchPrefix(batchId)}ranges/${pad(chunkIndex)}`;
/** A CSV header too long to ride in every range message, as JSON (see src/queues/plan-message.ts). */
export const headerKey = (batchId: string) => `${batchPrefix(batchId)}header.json`;
