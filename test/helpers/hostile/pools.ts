import { env } from "cloudflare:test";
import fc from "fast-check";
import { inject } from "vitest";
import { z } from "zod";
import { decodeOpaque, encodeCursor } from "../../../src/api/http/cursor";
import type { Pools } from "./requests";
import type { Tenant } from "./tenant";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const randomChars = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => ALPHABET[b & 31]).join("");

/**
 * An id of the same kind and length as `id` that names nothing (for batches:
 * a real object id that was never created). An opaque token keeps the ids
 * it holds (so it still passes the owner check) and gets its other strings
 * replaced: a well-formed reference to nothing.
 */
export function lookalike(id: string): string {
  if (id.startsWith("bat_")) return `bat_${env.BATCH.newUniqueId().toString()}`;
  const token = decodeOpaque(z.record(z.string(), z.unknown()), id);
  if (!token) return `${id.slice(0, 4)}${randomChars(id.length - 4)}`;
  const keepsIds = Object.entries(token).map(([k, v]) => [k, typeof v === "string" && !/^[a-z]{3}_/.test(v) ? randomChars(v.length) : v]);
  return encodeCursor(Object.fromEntries(keepsIds));
}

/** Drawn at generation time, so resources made during the run are targets too. */
const oneOf = (list: () => string[]) => fc.nat().map((i) => list()[i % list().length]!);

/** Cursors this API never returned: random base64, and well-formed ones holding odd values. */
const forgedCursors = fc.oneof(
  fc.base64String({ maxLength: 80 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
  fc
    .constantFrom<unknown>(
      { created_at: 1, id: null },
      { created_at: "", id: "" },
      { created_at: "9999-12-31T23:59:59.999Z", id: "\uffff" },
      { after_row: -1 },
      { after_row: 1e308 },
      { after_row: 2 ** 53 + 2 },
      { after_row: "1" },
      { after_path: "../../etc" },
      { after_path: 7 },
      [],
      "cursor",
      null,
    )
    .map(encodeCursor),
);

type Holder = { tenant: Tenant; created: () => string[] };

/** The path and query of a signed URL. */
const pathOf = (url: string) => url.slice(new URL(url).origin.length);

/**
 * What the caller (`self`) may send: its own ids (and those it created
 * while fuzzing), lookalikes, and when `other` is given, that project's ids,
 * cursors and upload URLs too (in bodies and paths; never as the signed URL
 * of a content route, which is a capability by design).
 */
export function poolsFor(self: Holder, authorization: Pools["authorization"], other?: Tenant): Pools {
  const tenants = other ? [self.tenant, other] : [self.tenant];
  // The caller's live SFTP credentials stay out of DELETE paths: revoked, they would close every SFTP route to the rest of the run.
  const keep = (method?: string) => (method === "DELETE" ? [self.tenant.refs.sftp.credentialsId] : []);
  const ids = (kind: string | undefined, method?: string) =>
    tenants.flatMap((t) => (kind ? t.ids[kind] ?? [] : Object.values(t.ids).flat())).filter((id) => !keep(method).includes(id));
  const cursors = tenants.flatMap((t) => t.cursors);
  const handles = tenants.flatMap((t) => t.handles);
  const { refs } = self.tenant;
  return {
    authorization,
    id: (kind, method) => {
      const ofKind = ids(kind, method).length ? ids(kind, method) : ids(undefined, method);
      // The first of a kind is the caller's main one (its live credentials, its first batch): the deepest paths start there.
      return fc.oneof(
        { weight: 5, arbitrary: fc.constant(ofKind[0]!) },
        { weight: 5, arbitrary: fc.constantFrom(...ofKind) },
        { weight: 2, arbitrary: fc.constantFrom(...ofKind).map(lookalike) },
        { weight: 1, arbitrary: fc.constantFrom(...ids(undefined, method)) },
        { weight: 1, arbitrary: oneOf(() => [...self.created(), ...ids(undefined, method)]) },
      );
    },
    cursor: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...cursors) }, { weight: 2, arbitrary: forgedCursors }),
    foreign: fc.oneof(fc.constantFrom(...handles), oneOf(() => [...self.created(), ...handles])),
    overrides: {
      SignedUrlSource: fc.constantFrom(...tenants.map((t) => t.refs.uploadSource)),
      // Webhooks go to the loopback receiver: the schema's example is a public host, and tests never reach the internet.
      CreateWebhookBody: fc.constant({ url: `${inject("httpPeer")}/hooks/fuzz`, events: ["batch.started", "batch.completed"] }),
      SftpSource: fc.constantFrom(...tenants.map((t) => ({ kind: "sftp", credentials_id: t.refs.sftp.credentialsId, path: refs.sftp.path, format: "csv" }))),
    },
    examples: {
      "POST /internal/sftp/login": [
        { username: refs.sftp.username, method: "password", password: refs.sftp.password },
        { username: refs.sftp.username, method: "publickey", key_algo: "ssh-ed25519", key_data: "AAAAC3NzaC1lZDI1NTE5AAAA" },
      ],
      "POST /internal/sftp/credentials/{id}/uploads": [{ path: "fuzz/in.csv" }],
      "PUT /internal/sftp/credentials/{id}/uploads/{upload_id}/parts/{n}": ["unique_id\nfuzz\n"],
      "POST /internal/sftp/credentials/{id}/uploads/{upload_id}/complete": [
        { path: refs.sftpUpload.path, parts: [{ part_number: 1, etag: refs.sftpUpload.etag }], size: refs.sftpUpload.size, sha256: refs.sftpUpload.sha256 },
      ],
      "POST /internal/sftp/credentials/{id}/uploads/{upload_id}/abort": [{ path: refs.sftpUpload.path, error: "fuzzed" }],
    },
    signed: { GET: [pathOf(refs.uploadSource.url)], PUT: [pathOf(refs.uploadUrl)] },
  };
}
