import { env } from "cloudflare:test";
import { AwsClient } from "aws4fetch";
import { expect, inject } from "vitest";
import type { Bindings } from "../../src/env";
import type { LocationTypeName, SourceLocation } from "../../src/sources/location";
import { openSource } from "../../src/sources/open-source";
import type { SourceFailureCode, SourceReader } from "../../src/sources/types";

/** Over the 50 GB cap. */
const HUGE = 60 * 1024 ** 3;
const peer = inject("httpPeer");
const s3Endpoint = inject("s3Endpoint");
const s3 = new AwsClient({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", service: "s3", region: "us-east-1" });

/** A reader as ingestion opens one, with the test Worker's bindings, some of them changed. */
export const open = (location: SourceLocation, changes: Partial<Bindings> = {}): SourceReader => openSource({ ...env, ...changes }, location, "prj_contract");

/** How the contract suite reaches one location type's real peer (test/setup/peers.ts, local R2). */
export type LocationPeer<L extends SourceLocation = SourceLocation> = {
  name: string;
  /** whether the reader can start at an offset without reading what comes before */
  ranges: boolean;
  /** stores `bytes` as `name` where this location type reads, and gives its location */
  put(name: string, bytes: Uint8Array): Promise<L>;
  missing: L;
  /** a reader of a source over the 50 GB cap (`stored`: a location `put` gave) */
  huge(stored: L): SourceReader;
  /** what this location type answers when it may not read (none for the service's own bucket) */
  refusals: { what: string; open(stored: L): SourceReader; code: SourceFailureCode }[];
};

async function serve(name: string, bytes: Uint8Array): Promise<string> {
  const res = await fetch(`${peer}/files/${name}`, { method: "PUT", body: bytes });
  expect(res.status).toBe(201);
  return `${peer}/files/${name}`;
}

/** The HTTP peer, with Range support or without (`?norange=1`): one reader, two ways of reading. */
function httpPeer(ranges: boolean): LocationPeer<Extract<SourceLocation, { type: "http" }>> {
  const query = ranges ? "" : "?norange=1";
  return {
    name: ranges ? "http" : "http without Range support",
    ranges,
    put: async (name, bytes) => ({ type: "http", url: (await serve(name, bytes)) + query }),
    missing: { type: "http", url: `${peer}/files/missing.bin${query}` },
    huge: () => open({ type: "http", url: `${peer}/huge` }),
    refusals: [
      { what: "a 403", open: () => open({ type: "http", url: `${peer}/forbidden/x.csv` }), code: "source_forbidden" },
      { what: "a redirect to a private address", open: () => open({ type: "http", url: `${peer}/redirect?to=${encodeURIComponent("https://10.0.0.7/x.csv")}` }), code: "source_refused" },
    ],
  };
}

/** R2 cannot hold 50 GB here: this bucket's `head` reports it (all the reader asks before reading). */
function reportingHuge(bucket: R2Bucket): R2Bucket {
  return { head: async (key: string) => ({ ...(await bucket.head(key)), size: HUGE }) } as unknown as R2Bucket;
}

/** Every location type's peers: a location type without one does not compile. */
export const locationPeers: { [T in LocationTypeName]: LocationPeer<Extract<SourceLocation, { type: T }>>[] } = {
  r2: [
    {
      name: "r2",
      ranges: true,
      put: async (name, bytes) => {
        await env.BUCKET.put(`contract/${name}`, bytes);
        return { type: "r2", key: `contract/${name}` };
      },
      missing: { type: "r2", key: "contract/missing.bin" },
      huge: (stored) => open(stored, { BUCKET: reportingHuge(env.BUCKET) }),
      refusals: [{ what: "another version than the one pinned", open: (stored) => open({ ...stored, etag: '"another"' }), code: "source_unreadable" }],
    },
  ],
  http: [httpPeer(true), httpPeer(false)],
  s3: [
    {
      name: "s3",
      ranges: true,
      put: async (name, bytes) => {
        const res = await s3.fetch(`${s3Endpoint}/partner-exports/contract/${name}`, { method: "PUT", body: bytes });
        expect(res.status).toBe(200);
        return { type: "s3", bucket: "partner-exports", key: `contract/${name}` };
      },
      missing: { type: "s3", bucket: "partner-exports", key: "contract/missing.bin" },
      huge: (stored) => open(stored, { S3_ENDPOINT: `${peer}/huge-s3` }),
      refusals: [
        // S3 answers a refused read like a missing object: a source never tells whether a bucket or key exists.
        // (s3rver checks the access key id, not SigV4 signatures: an unknown key id is the bad key it refuses.)
        { what: "a bad key", open: (stored) => open(stored, { S3_ACCESS_KEY_ID: "AKIAUNKNOWN" }), code: "source_not_found" },
        { what: "a bucket outside S3_ALLOWED_BUCKETS, without a role", open: (stored) => open({ ...stored, bucket: "operator-private" }), code: "source_forbidden" },
      ],
    },
  ],
};
