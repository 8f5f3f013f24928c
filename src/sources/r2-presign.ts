import { AwsClient } from "aws4fetch";
import type { Bindings } from "../env";
import { objectUrl, s3Config } from "./s3-config";

/**
 * A presigned PUT straight into BUCKET through R2's S3 API, when the operator
 * turns it on (R2_PRESIGNED_UPLOADS, with S3_ENDPOINT, keys and
 * R2_BUCKET_NAME): large files then skip the Worker (whose request bodies are
 * capped at 100-500 MB by plan) and go up to R2's 5 GB single-PUT limit. The
 * signature covers `If-None-Match: *`, so the URL writes the object once: R2
 * refuses a second PUT (412, where the Worker's own upload route says 409).
 * Null when off.
 */
export async function presignR2Put(env: Bindings, key: string, ttlSeconds: number): Promise<{ url: string; headers: Record<string, string> } | null> {
  const config = s3Config(env);
  if (env.R2_PRESIGNED_UPLOADS !== "true" || !config.endpoint || !config.credentials || !env.R2_BUCKET_NAME) return null;
  const url = new URL(objectUrl(config, env.R2_BUCKET_NAME, key));
  url.searchParams.set("X-Amz-Expires", String(ttlSeconds));
  const headers = { "If-None-Match": "*" };
  const client = new AwsClient({ ...config.credentials, service: "s3", region: env.S3_REGION || "auto" });
  const signed = await client.sign(url.toString(), { method: "PUT", headers, aws: { signQuery: true } });
  return { url: signed.url, headers };
}
