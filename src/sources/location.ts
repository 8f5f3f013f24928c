import { z } from "zod";
import type { Result } from "../domain/result";
import type { LocationSchema, LocationType } from "./location-type";
import { ownBucket } from "./own-bucket";
import { registeredKinds } from "./registry";

/** This service's own bucket, then every location type a registered kind brings. */
const locationTypes = [ownBucket, ...registeredKinds.flatMap((k) => ("location" in k ? [k.location] : []))];

function unionOf<S extends LocationSchema>(schemas: S[]) {
  return z.discriminatedUnion("type", schemas as [S, ...S[]]);
}

/** Where ingestion reads a large source from; resolved once, when the batch is created. */
export const SourceLocation = unionOf(locationTypes.map((l) => l.schema));
export type SourceLocation = z.output<typeof SourceLocation>;
/** A registered location type's name, as a stored location carries it in `type`. */
export type LocationTypeName = SourceLocation["type"];

const byType = new Map<string, LocationType>(locationTypes.map((l) => [l.schema.shape.type.value, l]));

/** The location type that reads `location`. */
export function locationTypeOf(location: SourceLocation): LocationType {
  return byType.get(location.type)!;
}

/** Every location type name, in registry order (the built-in own bucket first). */
export const LOCATION_TYPES = [...byType.keys()] as LocationTypeName[];

/** The locations a kind's `resolve` may hand ingestion. */
type ResolvesTo<Kind extends { resolve(...args: never[]): Promise<Result<{ input: object }, unknown>> }> = Extract<
  Extract<Awaited<ReturnType<Kind["resolve"]>>, { ok: true }>["value"]["input"],
  { location: unknown }
>["location"];
type Unregistered = Exclude<ResolvesTo<(typeof registeredKinds)[number]>, SourceLocation>;
// A kind resolves only to registered location types: naming another one does not compile.
true satisfies [Unregistered] extends [never] ? true : Unregistered;
