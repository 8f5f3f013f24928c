import { err, ok, type Result } from "../domain/result";

/** Which buckets a tenant's `s3` source may name, and how they must be read. */
export type S3Access = {
  /** buckets the service's own credentials may read for any project (S3_ALLOWED_BUCKETS) */
  allowedBuckets: ReadonlySet<string>;
  /** this service's own bucket on the S3 endpoint (R2_BUCKET_NAME): never a source */
  ownBucket: string | null;
};

export type S3Refusal = { field: "source.bucket" | "source.assume_role_arn"; message: string };

/** The operator's settings: S3_ALLOWED_BUCKETS is comma-separated; unset means none. */
export function s3AccessFrom(env: { S3_ALLOWED_BUCKETS?: string; R2_BUCKET_NAME?: string }): S3Access {
  const allowed = (env.S3_ALLOWED_BUCKETS ?? "").split(",").map((b) => b.trim()).filter(Boolean);
  return { allowedBuckets: new Set(allowed), ownBucket: env.R2_BUCKET_NAME?.trim() || null };
}

/**
 * Whether a project may read this bucket, and with whose credentials. The
 * service's own credentials read only the operator's allowed buckets:
 * anything else needs `assume_role_arn` (a role in the tenant's account
 * that trusts the service, with the project id as ExternalId), so a tenant
 * can never have the service read what the service, but not the tenant, may
 * read (a confused deputy). The service's own bucket holds every project's
 * uploads and decrypted SFTP files: never a source, whoever asks. Pure.
 */
export function checkS3Source(source: { bucket: string; assume_role_arn?: string }, access: S3Access): Result<true, S3Refusal> {
  if (access.ownBucket !== null && source.bucket.toLowerCase() === access.ownBucket.toLowerCase()) {
    return err({ field: "source.bucket", message: "This bucket cannot be a source" });
  }
  if (!source.assume_role_arn && !access.allowedBuckets.has(source.bucket)) {
    return err({
      field: "source.assume_role_arn",
      message: "Reading this bucket needs assume_role_arn: a role in your account that this service may assume, with your project id as ExternalId",
    });
  }
  return ok(true);
}
