// The typed client of the bulk operations API: the generated types
// (schema.d.ts), openapi-fetch for every route, and helpers for the
// multi-step flows (upload a file, wait for a batch, page its reports).
export { createBulkClient, dataOf, assertOk, type BulkClient, type BulkClientOptions } from "./create-client";
export { BulkApiError, BulkConnectionError, isTransient } from "./errors";
export { TERMINAL_STATUSES, isTerminalStatus } from "./batch-status";
export { formatOfPath } from "./file-format";
export { uploadFile, type UploadFileOptions, type UploadProgress } from "./upload-file";
export { createBatch, type CreateBatchOptions } from "./create-batch";
export { getBatch, waitForBatch, type WaitForBatchOptions } from "./wait-for-batch";
export { followBatch, type BatchEvent } from "./follow-batch";
export { errorPages, eachError, resultPages, eachResult, type PageOptions } from "./pages";
export { openReport, saveReport, type ReportFile } from "./downloads";
export { cancelBatch, pauseBatch, resumeBatch, replayBatch, type ReplayOptions } from "./batch-control";
export type * from "./types";
export type { paths, components } from "./schema";
