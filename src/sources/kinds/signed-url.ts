import { z } from "@hono/zod-openapi";
import { err, ok } from "../../domain/result";
import { configOf } from "../../config";
import { httpReader } from "../http-reader";
import type { LocationType } from "../location-type";
import type { R2Location } from "../own-bucket";
import { SourceFormat, type SourceKind } from "../source-kind";
import { checkFetchUrl } from "../url-guard";

const SignedUrlSource = z
  .object({
    kind: z.literal("signed_url"),
    url: z.url({ protocol: /^https?$/ }).max(8192),
    format: SourceFormat,
  })
  .openapi("SignedUrlSource", {
    description: "A download URL, fetched when the batch starts (https only; POST /v2/uploads hands out one for files you upload here).",
    example: { kind: "signed_url", url: "https://files.example.com/export.csv?X-Amz-Signature=...", format: "csv" },
  });

const SignedUrlStored = z.object({ kind: z.literal("signed_url"), url: z.string(), format: SourceFormat });

/** A partner's URL: read once, each range copied to R2. */
const HttpLocation = z.object({ type: z.literal("http"), url: z.string() });
type HttpLocation = z.infer<typeof HttpLocation>;

const httpLocation = {
  schema: HttpLocation,
  open: (location, { env }) => httpReader(location.url, { allowLoopback: configOf(env).ALLOW_LOOPBACK_FETCH }),
} satisfies LocationType<typeof HttpLocation>;

/**
 * A download URL. One of this service's own upload URLs is read straight
 * from R2; any other must pass the fetch guard now, so a refused URL is a
 * 422, not a failed batch.
 */
export const signedUrlSource = {
  request: SignedUrlSource,
  stored: SignedUrlStored,
  location: httpLocation,
  async resolve(source, ctx) {
    const upload = await ctx.ownUpload(source.url);
    if (upload === "invalid") return err({ field: "source.url", message: "This upload URL is invalid, expired, or belongs to another project" });
    if (upload) {
      if (upload.format !== source.format) return err({ field: "source.format", message: `The upload was declared as ${upload.format}` });
      return ok({ source, input: { location: { type: "r2" as const, key: upload.r2Key }, format: source.format } });
    }
    const checked = checkFetchUrl(source.url, { allowLoopback: configOf(ctx.env).ALLOW_LOOPBACK_FETCH });
    if (!checked.ok) return err({ field: "source.url", message: checked.error.message });
    return ok({ source, input: { location: { type: "http" as const, url: source.url }, format: source.format } });
  },
} satisfies SourceKind<typeof SignedUrlSource, typeof SignedUrlStored, R2Location | HttpLocation>;
