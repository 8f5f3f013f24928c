import { AwsClient } from "aws4fetch";
import { assumeRole } from "./assume-role";
import { rangedStream } from "./ranged-stream";
import { objectUrl, type S3Config } from "./s3-config";
import { SourceError, sourceErrorForStatus, type SourceReader } from "./types";

export type S3Location = { bucket: string; key: string; assume_role_arn?: string };

/** An object in S3 (or R2's S3 API, MinIO, a local server), SigV4-signed with aws4fetch. */
export function s3Reader(config: S3Config, location: S3Location, externalId: string): SourceReader {
  const url = objectUrl(config, location.bucket, location.key);
  const what = `s3://${location.bucket}/${location.key}`;
  async function client() {
    const credentials = location.assume_role_arn ? await assumeRole(config, location.assume_role_arn, externalId) : config.credentials;
    if (!credentials) throw new SourceError("source_forbidden", "No S3 credentials are configured for this service");
    return new AwsClient({ ...credentials, service: "s3", region: config.region });
  }
  return {
    async stat() {
      const res = await (await client()).fetch(url, { method: "HEAD" });
      if (!res.ok) throw sourceErrorForStatus(res.status, what);
      return { size: Number(res.headers.get("Content-Length") ?? 0), ranges: true };
    },
    async streamFrom(offset, stat) {
      const aws = await client();
      return rangedStream(offset, stat.size ?? 0, async (at, length) => {
        const res = await aws.fetch(url, { headers: { Range: `bytes=${at}-${at + length - 1}` } });
        if (!res.ok) throw sourceErrorForStatus(res.status, what);
        return new Uint8Array(await res.arrayBuffer());
      });
    },
  };
}
