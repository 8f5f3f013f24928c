import type { Bindings } from "../env";

export type S3Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type S3Config = {
  /** e.g. http://127.0.0.1:4568 (a local server), https://<account>.r2.cloudflarestorage.com (R2); empty means AWS */
  endpoint: string | null;
  region: string;
  credentials: S3Credentials | null;
  stsEndpoint: string;
};

/** The service's own S3 settings, from the environment (see the contract). */
export function s3Config(env: Bindings): S3Config {
  const { S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, STS_ENDPOINT } = env;
  return {
    endpoint: S3_ENDPOINT || null,
    region: S3_REGION || "us-east-1",
    credentials: S3_ACCESS_KEY_ID && S3_SECRET_ACCESS_KEY ? { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY } : null,
    stsEndpoint: STS_ENDPOINT || "https://sts.amazonaws.com",
  };
}

/** Path-style object URL, which works for AWS, R2, MinIO and local servers alike. */
export function objectUrl(config: S3Config, bucket: string, key: string): string {
  const base = config.endpoint ?? `https://s3.${config.region}.amazonaws.com`;
  return `${base.replace(/\/$/, "")}/${encodeURIComponent(bucket)}/${key.split("/").map(encodeURIComponent).join("/")}`;
}
