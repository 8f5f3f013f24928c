/**
 * The words every layer shares, with no dependencies, so that a schema, a
 * message or a record can name them without loading what implements them.
 */

/** Operation kinds; each has one handler in src/operations/registry.ts. */
export const OPERATION_KINDS = ["contacts.upsert", "messages.send", "echo"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** Formats of a large source. */
export const SOURCE_FORMATS = ["csv", "jsonl"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** The API surfaces a key belongs to; a batch's surface is its creating key's. */
export const SURFACES = ["partner", "ipaas", "batch"] as const;
export type Surface = (typeof SURFACES)[number];
