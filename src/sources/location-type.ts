import type { z } from "zod";
import type { Bindings } from "../env";
import type { SourceReader } from "./types";

/** What a reader may use: the Worker's bindings and settings, and the project it reads for (S3 roles trust one project). */
export type ReadContext = { env: Bindings; projectId: string };

/** The shape every stored location has: told apart by `type`. */
export type LocationSchema = z.ZodObject<{ type: z.ZodLiteral<string> }>;

/**
 * A place the bytes of a large source are read from, as ingestion sees it.
 * `schema` is what the batch object keeps in its checkpoint (validated on
 * every load, so a field added later must be optional: running batches hold
 * the old shape); `open` gives the SourceReader for one location. Every
 * location type runs test/sources/source-contract.test.ts.
 */
export interface LocationType<Schema extends LocationSchema = LocationSchema> {
  schema: Schema;
  open(location: z.output<Schema>, ctx: ReadContext): SourceReader;
}
