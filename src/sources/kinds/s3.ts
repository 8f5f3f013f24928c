import { z } from "@hono/zod-openapi";
import { err, ok } from "../../domain/result";
import type { LocationType } from "../location-type";
import { checkS3Source, s3AccessFrom } from "../s3-access";
import { s3Config } from "../s3-config";
import { s3Reader } from "../s3-reader";
import { SourceFormat, type SourceKind } from "../source-kind";

const S3Source = z
  .object({
    kind: z.literal("s3"),
    bucket: z.string().min(3).max(63),
    key: z.string().min(1).max(1024),
    format: SourceFormat,
    assume_role_arn: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, "Not an IAM role ARN").optional(),
  })
  .openapi("S3Source", {
    description: "An S3 object of up to 50 GB. With assume_role_arn, read through STS AssumeRole with ExternalId = your project id.",
    example: { kind: "s3", bucket: "partner-exports", key: "2026/11/orders.csv", format: "csv" },
  });

const S3Stored = z.object({ kind: z.literal("s3"), bucket: z.string(), key: z.string(), format: SourceFormat, assume_role_arn: z.string().optional() });

/** An S3 object: read once, each range copied to R2. */
const S3Location = z.object({ type: z.literal("s3"), bucket: z.string(), key: z.string(), assume_role_arn: z.string().optional() });

const s3Location = {
  schema: S3Location,
  // The external id STS checks is the project's id: a role trusts one project, not the whole service.
  open: (location, { env, projectId }) => s3Reader(s3Config(env), s3AccessFrom(env), location, projectId),
} satisfies LocationType<typeof S3Location>;

/** An S3 object; the operator's access rules are checked now (a 422) and again at every read. */
export const s3Source = {
  request: S3Source,
  stored: S3Stored,
  location: s3Location,
  async resolve(source, ctx) {
    const access = checkS3Source(source, s3AccessFrom(ctx.env));
    if (!access.ok) return err(access.error);
    const { bucket, key, assume_role_arn, format } = source;
    return ok({ source, input: { location: { type: "s3" as const, bucket, key, assume_role_arn }, format } });
  },
} satisfies SourceKind<typeof S3Source, typeof S3Stored, z.infer<typeof S3Location>>;
