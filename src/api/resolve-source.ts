import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { CreateBatchInput } from "../durable/batch-record";
import type { AppEnv } from "../env";
import { checkFetchUrl } from "../sources/url-guard";
import { ApiError } from "./errors";
import type { BatchSource } from "./schemas";
import { findOwnUpload } from "./uploads";

const invalid = (field: string, message: string) =>
  new ApiError(422, "validation_failed", message, [{ field, message, code: "invalid_source" }]);

/**
 * What the batch keeps of its source and where ingestion will read it. A
 * signed URL of this service's own upload is read straight from R2; any
 * other URL must pass the fetch guard now, so a refused URL is a 422, not a
 * failed batch.
 */
export async function resolveSource(
  c: Context<AppEnv>,
  source: z.infer<typeof BatchSource>,
): Promise<Pick<CreateBatchInput, "source" | "input">> {
  switch (source.kind) {
    case "inline":
      return { source: { kind: "inline", row_count: source.rows.length }, input: { rows: source.rows } };
    case "signed_url": {
      const upload = await findOwnUpload(c, source.url);
      if (upload === "invalid") throw invalid("source.url", "This upload URL is invalid, expired, or belongs to another project");
      if (upload) {
        if (upload.format !== source.format) throw invalid("source.format", `The upload was declared as ${upload.format}`);
        return { source, input: { location: { type: "r2", key: upload.r2Key }, format: source.format } };
      }
      const checked = checkFetchUrl(source.url, { allowLoopback: c.env.ALLOW_LOOPBACK_FETCH === "true" });
      if (!checked.ok) throw invalid("source.url", checked.error.message);
      return { source, input: { location: { type: "http", url: source.url }, format: source.format } };
    }
    case "s3":
      return {
        source,
        input: { location: { type: "s3", bucket: source.bucket, key: source.key, assume_role_arn: source.assume_role_arn }, format: source.format },
      };
  }
}
