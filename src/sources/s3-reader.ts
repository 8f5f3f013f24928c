import { AwsClient } from "aws4fetch";
import { assumeRole } from "./assume-role";
import { rangedStream } from "./ranged-stream";
import { checkS3Source, type S3Access } from "./s3-access";
import { objectUrl, type S3Config } from "./s3-config";
import { SourceError, sourceErrorForStatus, type SourceReader } from "./types";

export type S3Location = { bucket: string; key: string; assume_role_arn?: string };

/**
 * An object in S3 (or R2's S3 API, MinIO, a local server), SigV4-signed with
 * aws4fetch. The bucket is checked again at read time (the operator's
 * allowed buckets may have changed since the batch was created), and a
 * missing object and a refused one fail alike, so a source never tells
 * whether a bucket or key exists.
 */
export function s3Reader(config: S3Config, access: S3Access, location: S3Location, externalId: string): SourceReader {
  const url = objectUrl(config, location.bucket, location.key);
  const what = `s3://${location.bucket}/${location.key}`;
  const unreadable = (status: number) =>
    status === 403 || status === 404 ? new SourceError("source_not_found", `${what} does not exist, or this service may not read it`) : sourceErrorForStatus(status, what);
  async function client() {
    const allowed = checkS3Source(location, access);
    if (!allowed.ok) throw new SourceError("source_forbidden", allowed.error.message);
    const credentials = location.assume_role_arn ? await assumeRole(config, location.assume_role_arn, externalId) : config.credentials;
    if (!credentials) throw new SourceError("source_forbidden", "No S3 credentials are configured for this service");
    return new AwsClient({ ...credentials, service: "s3", region: config.region });
  }
  return {
    async stat() {
      const res = await (await client()).fetch(url, { method: "HEAD" });
      if (!res.ok) throw unreadable(res.status);
      return { size: Number(res.headers.get("Content-Length") ?? 0), ranges: true };
    },
    async streamFrom(offset, stat) {
      const aws = await client();
      return rangedStream(offset, stat.size ?? 0, async (at, length) => {
        const res = await aws.fetch(url, { headers: { Range: `bytes=${at}-${at + length - 1}` } });
        if (!res.ok) throw unreadable(res.status);
        return new Uint8Array(await res.arrayBuffer());
      });
    },
  };
}
