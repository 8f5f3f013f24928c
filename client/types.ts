import type { components } from "./schema";

type Schemas = components["schemas"];

export type Batch = Schemas["Batch"];
export type BatchStatus = Schemas["BatchStatus"];
export type BatchProgress = Schemas["BatchProgress"];
export type CreateBatchRequest = Schemas["CreateBatchRequest"];
export type OperationKind = Schemas["BatchOperationKind"];
export type Upload = Schemas["Upload"];
export type BatchErrorReport = Schemas["BatchErrorReport"];
export type BatchErrorRow = BatchErrorReport["errors"][number];
export type BatchResultPage = Schemas["BatchResultPage"];
export type BatchResultRow = BatchResultPage["results"][number];
export type SourceFormat = Upload["source"]["format"];
