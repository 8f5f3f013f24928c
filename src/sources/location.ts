import { z } from "zod";

/** Where ingestion reads a large source from; resolved once, when the batch is created. */
export const SourceLocation = z.discriminatedUnion("type", [
  /** this service's R2 (uploads, SFTP drops): ranges point into the object itself */
  z.object({ type: z.literal("r2"), key: z.string(), etag: z.string().optional() }),
  /** a partner's URL: read once, each range copied to R2 */
  z.object({ type: z.literal("http"), url: z.string() }),
  /** an S3 object: read once, each range copied to R2 */
  z.object({ type: z.literal("s3"), bucket: z.string(), key: z.string(), assume_role_arn: z.string().optional() }),
]);
export type SourceLocation = z.infer<typeof SourceLocation>;
