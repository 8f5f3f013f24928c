import { AwsClient } from "aws4fetch";
import type { S3Config, S3Credentials } from "./s3-config";
import { SourceError, sourceErrorForStatus } from "./types";

type Cached = { credentials: S3Credentials; expiresAt: number };

/** Temporary credentials per (role, external id), reused until shortly before they expire. */
const cache = new Map<string, Cached>();
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Exchanges a partner's role ARN for temporary credentials through STS
 * AssumeRole, signed with the service's own credentials. The external id is
 * per project, so one partner's role cannot be assumed for another project.
 */
export async function assumeRole(config: S3Config, roleArn: string, externalId: string, now = Date.now()): Promise<S3Credentials> {
  const cacheKey = `${roleArn}\n${externalId}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt - REFRESH_MARGIN_MS > now) return hit.credentials;
  if (!config.credentials) throw new SourceError("source_forbidden", "assume_role_arn needs the service's S3 credentials, which are not configured");

  const sts = new AwsClient({ ...config.credentials, service: "sts", region: config.region });
  const body = new URLSearchParams({
    Action: "AssumeRole",
    Version: "2011-06-15",
    RoleArn: roleArn,
    RoleSessionName: `bulk-ops-${externalId}`.slice(0, 64),
    ExternalId: externalId,
    DurationSeconds: "3600",
  });
  const res = await sts.fetch(config.stsEndpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  const xml = await res.text();
  if (!res.ok) throw sourceErrorForStatus(res.status, `STS AssumeRole for ${roleArn}`);
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1];
  const [accessKeyId, secretAccessKey, sessionToken, expiration] = ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"].map(field);
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) throw new SourceError("source_forbidden", "STS answered without credentials");
  const credentials = { accessKeyId, secretAccessKey, sessionToken };
  cache.set(cacheKey, { credentials, expiresAt: Date.parse(expiration) });
  return credentials;
}
