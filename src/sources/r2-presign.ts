import { AwsClient } from "aws4fetch";
import type { Bindings } from "../env";
import { objectUrl, s3Config } from "./s3-config";

/**
 * A presigned PUT straight into BUCKET through R2's S3 API, when the service
 * has R2 API credentials (S3_ENDPOINT, keys, R2_BUCKET_NAME): large files
 * then skip the Worker (whose request bodies are capped at 100-500 MB by
 * plan) and go up to R2's 5 GB single-PUT limit. Null without credentials.
 */
export async function presignR2Put(env: Bindings, key: string, ttlSeconds: number): Promise<string | null> {
  const config = s3Config(env);
  if (!config.endpoint || !config.credentials || !env.R2_BUCKET_NAME) return null;
  const url = new URL(objectUrl(config, env.R2_BUCKET_NAME, key));
  url.searchParams.set("X-Amz-Expires", String(ttlSeconds));
  const client = new AwsClient({ ...config.credentials, service: "s3", region: env.S3_REGION || "auto" });
  const signed = await client.sign(url.toString(), { method: "PUT", aws: { signQuery: true } });
  return signed.url;
}
