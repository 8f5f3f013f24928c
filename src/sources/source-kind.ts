import { z } from "@hono/zod-openapi";
import type { Result } from "../domain/result";
import { SOURCE_FORMATS } from "../domain/vocabulary";
import type { Bindings } from "../env";
import type { LocationType } from "./location-type";

/** The `format` a kind read as a byte stream takes: how its records are written. */
export const SourceFormat = z.enum(SOURCE_FORMATS);
export type SourceFormat = z.output<typeof SourceFormat>;

/** A kind's request, stored and shown shapes: objects told apart by `kind`. */
export type KindSchema<Kind extends string = string> = z.ZodObject<{ kind: z.ZodLiteral<Kind> }>;

/** What resolving a request's source may consult besides the request itself. */
export type ResolveContext = {
  env: Bindings;
  /** the caller's project */
  projectId: string;
  /**
   * When `url` is this service's own upload download URL: the upload if it is
   * the caller's and its signature holds, "invalid" if not; null for any
   * other URL. (The upload routes own the signing, so they answer this.)
   */
  ownUpload(url: string): Promise<{ r2Key: string; format: SourceFormat } | "invalid" | null>;
};

/** Why a request's source is refused when the batch is created: a 422 `invalid_source` naming the field. */
export type SourceRefusal = { field: string; message: string };

/** Where ingestion starts from: the rows themselves, or where to read them and how their records are written. */
export type IngestInput<Location> = { rows: unknown[] } | { location: Location; format: SourceFormat };

/** A request's source, resolved: what the batch stores (and shows), and what ingestion reads. */
export type Resolved<Stored, Location> = { source: Stored; input: IngestInput<Location> };

/**
 * One kind of batch source, as a request names it (`source.kind`). Each kind
 * is one file in src/sources/kinds/ and one line in src/sources/registry.ts;
 * the API's request union, the batch record's stored source and the
 * locations ingestion reads are all derived from the registry.
 *
 * - `request`: the source as the API takes it (an OpenAPI component);
 * - `stored`: what the batch record keeps of it, validated whenever the record
 *   is read from storage, so it stays lenient (records written by older
 *   versions must parse) and holds no secret;
 * - `view`: what a Batch shows of it, when not the request's own shape;
 * - `resolve`: runs once, when the batch is created, with what the request
 *   itself cannot tell (the URL guard, access rules, lookups): a refusal is a
 *   422, not a failed batch. `Location` is every location type it may resolve
 *   to: one it brings, or one that is already registered (this service's own
 *   bucket, or another kind's);
 * - `location`: the location type this kind brings, when its bytes are read
 *   from somewhere no registered location type reads.
 */
export interface SourceKind<Request extends KindSchema = KindSchema, Stored extends KindSchema = KindSchema, Location extends { type: string } = { type: string }> {
  request: Request;
  stored: Stored;
  view?: KindSchema;
  location?: LocationType;
  resolve(request: z.output<Request>, ctx: ResolveContext): Promise<Result<Resolved<z.output<Stored>, Location>, SourceRefusal>>;
}
