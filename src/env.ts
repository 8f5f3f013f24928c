import type { Surface } from "./db/tenants";

/** Worker bindings: the generated `Env` (wrangler types) plus secrets and optional vars. */
export type Bindings = Env & {
  /** Operator secret; admin routes are disabled without it. */
  ADMIN_TOKEN?: string;
  /** Shared secret of the SFTP sidecar; the /internal/sftp routes answer 404 without it. */
  SIDECAR_TOKEN?: string;
  /** Key-encryption key for SFTP credentials' PGP private keys: base64 of 32 random bytes. */
  SFTP_KEK?: string;
  /** Deliveries of one chunk before its rows become `retry_exhausted`; keep it max_retries + 1. */
  CHUNK_MAX_ATTEMPTS?: string;
  /** Bytes of source read per ingestion segment; one range (queue message) per segment. */
  INGEST_SEGMENT_BYTES?: string;
  /** HMAC key for upload URLs; a secret in production, a fixed dev value under `npm start`. */
  UPLOAD_SIGNING_SECRET?: string;
  /** The service's own S3 settings (R2's S3 API, MinIO or a local server); see the contract. */
  S3_ENDPOINT?: string;
  S3_REGION?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  STS_ENDPOINT?: string;
  /** Buckets the service's own S3 credentials may read for any project, comma-separated; others need assume_role_arn. */
  S3_ALLOWED_BUCKETS?: string;
  /** Name of BUCKET (wrangler.toml sets it): never a source, and the bucket presigned uploads go to. */
  R2_BUCKET_NAME?: string;
  /** "true": upload URLs are R2 presigned PUTs (needs S3_* with R2 API keys); otherwise this Worker's own route. */
  R2_PRESIGNED_UPLOADS?: string;
  /** Key-encryption key for webhook endpoints' signing secrets: base64 of 32 random bytes. */
  WEBHOOK_KEK?: string;
  /** This API's public origin (https://…), for the report URLs in webhook payloads. */
  PUBLIC_API_ORIGIN?: string;
  /** First retry delay of a webhook delivery, ms; it doubles (default 5000). */
  WEBHOOK_RETRY_BASE_MS?: string;
  /** The soak run's fault injection (src/lib/faults.ts); refused where ENVIRONMENT is production. */
  FAULT_INJECTION?: string;
};

/** Who is calling, from their API key. */
export type Caller = { projectId: string; keyId: string; surface: Surface; actor: string };

export type AppEnv = {
  Bindings: Bindings;
  Variables: { requestId: string; caller: Caller };
};
