import { z } from "@hono/zod-openapi";
import { inlineSource } from "./kinds/inline";
import { s3Source } from "./kinds/s3";
import { sftpSource } from "./kinds/sftp";
import { signedUrlSource } from "./kinds/signed-url";
import type { KindSchema, SourceKind } from "./source-kind";

/**
 * Every source kind, by the `kind` a request names. Adding one: write its
 * file in src/sources/kinds/ and add it here (docs/extending.md).
 *
 * Request kinds are not the places bytes are read from: an own upload's
 * `signed_url` and an `sftp` file are both read from this service's own
 * bucket. So there is one registry, of request kinds, and a kind may bring
 * a location type (`location`, with its reader) or resolve to one that is
 * already there: the own bucket, built in because ingestion treats it apart
 * anyway, or another kind's. A new kind stays one file and one line here,
 * and src/sources/location.ts derives the location types from this list.
 */
export const sourceKinds = {
  inline: inlineSource,
  signed_url: signedUrlSource,
  s3: s3Source,
  sftp: sftpSource,
  // Each entry keeps its own precise types; the registry only checks the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
} satisfies Record<string, SourceKind<any, any, any>>;

type Kinds = typeof sourceKinds;
/** A registered kind's name, as requests and records carry it in `kind`. */
export type SourceKindName = keyof Kinds;

// Each kind sits under the name its requests and records carry: a mismatch does not compile.
sourceKinds satisfies { [K in SourceKindName]: { request: KindSchema<K>; stored: KindSchema<K> } };

/** The kinds in registry order (the order of the OpenAPI document's `oneOf`). */
export const registeredKinds: Kinds[SourceKindName][] = Object.values(sourceKinds);

/** One schema per kind, told apart by `kind`. */
function unionOf<S extends KindSchema>(schemas: S[]) {
  return z.discriminatedUnion("kind", schemas as [S, ...S[]]);
}

/** A batch request's `source`, any kind (the API names it BatchSource). */
export const SourceRequest = unionOf(registeredKinds.map((k) => k.request));
export type SourceRequest = z.output<typeof SourceRequest>;

/** What a batch record keeps of its source. */
export const StoredSource = unionOf(registeredKinds.map((k) => k.stored));
export type StoredSource = z.output<typeof StoredSource>;

/** What a Batch shows of its source (the API names it BatchSourceView). */
export const SourceView = unionOf(registeredKinds.map((k) => ("view" in k ? k.view : k.request)));
