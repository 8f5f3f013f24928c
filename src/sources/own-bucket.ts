import { z } from "zod";
import type { LocationType } from "./location-type";
import { r2Reader } from "./r2-reader";

/**
 * An object in this service's own R2 bucket (uploads, SFTP files). Not a
 * request kind of its own: kinds resolve to it (an own upload's URL, an SFTP
 * path), and ingestion treats it apart from every other location (its chunks
 * point into the object instead of a copy, the version read is pinned, the
 * retention job keeps the object while a batch refers to it).
 */
export const R2Location = z.object({ type: z.literal("r2"), key: z.string(), etag: z.string().optional() });
export type R2Location = z.infer<typeof R2Location>;

/** The built-in location type: every request kind may resolve to it. */
export const ownBucket = {
  schema: R2Location,
  open: (location, { env }) => r2Reader(env.BUCKET, location.key, location.etag),
} satisfies LocationType<typeof R2Location>;
