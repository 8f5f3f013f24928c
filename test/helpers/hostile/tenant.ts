import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { uploadFile } from "../uploads";
import { createJob, trigger, waitForFinished } from "../v1";
import { call, createBatch, newProject, waitForTerminal } from "../../setup/api";
import { SIDECAR_TOKEN, createCredentials, sha256Hex, sidecar, uploadAsSidecar } from "../../setup/sftp";

/**
 * A project with one of every resource, and what it reveals:
 * `handles` are ids, cursors and URLs another project may come to hold (they
 * are mixed into the fuzzer's requests); `secrets` are strings only this
 * project ever sees (row contents, passwords, names, its key and key id), so
 * they may appear in no answer to anyone else, whatever was sent.
 */
export type Tenant = {
  projectId: string;
  key: string;
  /** ids by kind (their prefix), for path parameters and bodies */
  ids: Record<string, string[]>;
  cursors: string[];
  /** what a well-formed request needs to name this project's resources */
  refs: {
    uploadSource: { kind: "signed_url"; url: string; format: "csv" };
    /** the signed PUT URL of the upload (already used once) */
    uploadUrl: string;
    sftp: { credentialsId: string; path: string; username: string; password: string };
    /** a multipart upload the sidecar started and sent one part of, not yet completed */
    sftpUpload: { id: string; path: string; etag: string; size: number; sha256: string };
  };
  secrets: string[];
  handles: string[];
};

const destructive = { "X-Operator-Override": "destructive" };

/** A fresh marker: long and random, so finding it in a response is never a coincidence. */
const mark = (label: string, what: string) => `${label}-${what}-${crypto.randomUUID().replaceAll("-", "")}`;

/** The `next_cursor` of a first page of one item; there must be a second page. */
async function cursorOf(key: string, path: string) {
  const res = await call("GET", `${path}${path.includes("?") ? "&" : "?"}limit=1`, { key });
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  expect(res.json.next_cursor, path).toEqual(expect.any(String));
  return res.json.next_cursor as string;
}

/** Creates a project with batches (rows that succeed and fail, a replay), an upload, SFTP credentials with files, v1 jobs with bulk triggers and audit entries. */
export async function seedTenant(label: string): Promise<Tenant> {
  const secrets: string[] = [];
  const secret = (what: string) => {
    const value = mark(label, what);
    secrets.push(value);
    return value;
  };
  const { projectId, key } = await newProject(secret("project-name"));

  // Independent resources are made concurrently: the batches' queue work dominates the time.
  const [batches, upload, sftp, v1] = await Promise.all([
    (async () => {
      const rows = [1, 2, 3, 4].map((i) => ({ unique_id: secret(`row${i}`), email: i % 2 ? `${secret(`email${i}`)}@example.com` : secret(`bad-email${i}`), name: secret(`name${i}`) }));
      const created = await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows } }, secret("idempotency-key"));
      expect(created.status, created.text).toBe(201);
      const batch = await waitForTerminal(key, created.json.id);
      expect(batch.status).toBe("partially_failed");
      const replayed = await call("POST", `/v2/batch/operations/${batch.id}/replay`, { key, body: { only: "failed_rows" }, headers: { "Idempotency-Key": secret("replay-key") } });
      expect(replayed.status, replayed.text).toBe(201);
      await waitForTerminal(key, replayed.json.id);
      return { batch, replayId: replayed.json.id as string };
    })(),
    uploadFile(key, "csv", `unique_id,email\n${secret("upload-row")},x@example.com\n`),
    (async () => {
      const path = `${secret("sftp-dir")}/orders.csv`;
      const live = await createCredentials(key, { name: secret("sftp-name"), auth: "password" });
      for (const file of [path, `${secret("sftp-file")}.csv`]) {
        const done = await uploadAsSidecar(live.id, file, [new TextEncoder().encode(`unique_id\n${secret("sftp-row")}\n`)]);
        expect(done.status, done.text).toBe(200);
      }
      secrets.push(live.username, live.password, pgpKeyLine(live.pgp_public_key));
      // Revoked credentials leave audit entries behind.
      const revoked: string[] = [];
      for (const name of ["old-1", "old-2"]) {
        const old = await createCredentials(key, { name: secret(name), auth: "password" });
        secrets.push(old.username, old.password);
        expect((await call("DELETE", `/v2/partner/sftp-credentials/${old.id}`, { key, headers: destructive })).status).toBe(204);
        revoked.push(old.id);
      }
      const openPath = "open/part.csv";
      const started = await sidecar("POST", `/credentials/${live.id}/uploads`, { path: openPath });
      expect(started.status, started.text).toBe(201);
      const part = new TextEncoder().encode(`unique_id\n${secret("sftp-part")}\n`);
      const put = await exports.default.fetch(
        new Request(`http://bulk.test/internal/sftp/credentials/${live.id}/uploads/${started.json.upload_id}/parts/1`, { method: "PUT", body: part, headers: { Authorization: `Bearer ${SIDECAR_TOKEN}`, "Content-Length": String(part.byteLength) } }),
      );
      expect(put.status).toBe(200);
      const open = { id: started.json.upload_id as string, path: openPath, etag: ((await put.json()) as { etag: string }).etag, size: part.byteLength, sha256: await sha256Hex(part) };
      return { live, path, revoked, open };
    })(),
    Promise.all(
      [0, 60].map(async (dedup_window_secs) => {
        const job = await createJob(key, { name: secret("job-name"), operation: "echo", dedup_window_secs });
        const res = await trigger(key, job.id, [{ item: secret("payload") }, { item: secret("payload") }], secret("trigger-key"));
        expect(res.status, res.text).toBe(201);
        await waitForFinished(key, projectId, res.json.batch_operation.id);
        return { jobId: job.id as string, operationId: res.json.batch_operation.id as string, runIds: res.json.runs.map((r: { id: string }) => r.id) as string[] };
      }),
    ),
  ]);
  const { batch } = batches;
  const { live } = sftp;
  const keyId = (batch.created_by as string).replace(/^apikey:/, "");
  secrets.push(keyId, key);
  const audit = await call("GET", "/v2/audit-log", { key });
  secrets.push(...audit.json.data.map((e: { id: string }) => e.id));
  const operations = v1.map((t) => t.operationId);

  const cursors = await Promise.all(
    [
      "/v2/batch/operations",
      `/v2/batch/operations/${batch.id}/errors`,
      `/v2/batch/operations/${batch.id}/result`,
      "/v2/audit-log",
      "/v2/partner/sftp-credentials",
      `/v2/partner/sftp-credentials/${live.id}/files`,
      "/v1/jobs",
      `/v1/batch-operations?project_id=${projectId}`,
      `/v1/runs?batch_id=${operations[0]}`,
    ].map((path) => cursorOf(key, path)),
  );

  const ids = {
    prj: [projectId],
    bat: [batch.id, batches.replayId, ...operations],
    upl: [upload.id],
    sfc: [live.id, ...sftp.revoked],
    job: v1.map((t) => t.jobId),
    run: v1.flatMap((t) => t.runIds),
    sfu: [sftp.open.id],
  };
  return {
    projectId,
    key,
    ids,
    cursors,
    refs: {
      uploadSource: upload.source as Tenant["refs"]["uploadSource"],
      uploadUrl: upload.uploadUrl,
      sftp: { credentialsId: live.id, path: sftp.path, username: live.username, password: live.password },
      sftpUpload: sftp.open,
    },
    secrets,
    handles: [...Object.values(ids).flat(), ...cursors, upload.source.url, upload.uploadUrl],
  };
}

/** One full line of an armored key's base64: unique to the key, and never split by JSON escaping. */
function pgpKeyLine(armored: string) {
  const line = armored.split("\n").find((l) => l.length >= 60 && !l.includes(":"));
  expect(line).toBeDefined();
  return line!;
}
