import { env } from "cloudflare:test";
import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { call, newProject } from "../setup/api";
import { SSH_KEYS, keyData } from "../fixtures/ssh-keys";
import { createCredentials, sidecar, uploadAsSidecar } from "../setup/sftp";

const destructive = { "X-Operator-Override": "destructive" };
const MiB = 1024 * 1024;

describe("internal SFTP routes: login", () => {
  it("accepts the right password and refuses a wrong one, an unknown user, the wrong method and revoked credentials (401)", async () => {
    const { projectId, key } = await newProject();
    const cred = await createCredentials(key);
    const ok = await sidecar("POST", "/login", { username: cred.username, method: "password", password: cred.password });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ credentials_id: cred.id, project_id: projectId });

    const refusals = [
      { username: cred.username, method: "password", password: `${cred.password}x` },
      { username: "sftp_nobody", method: "password", password: cred.password },
      { username: cred.username, method: "publickey", key_algo: "ssh-ed25519", key_data: keyData(SSH_KEYS.ed25519.line) },
    ];
    for (const body of refusals) {
      const res = await sidecar("POST", "/login", body);
      expect(res.status, JSON.stringify(body)).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
    await call("DELETE", `/v2/partner/sftp-credentials/${cred.id}`, { key, headers: destructive });
    expect((await sidecar("POST", "/login", { username: cred.username, method: "password", password: cred.password })).status).toBe(401);
  });

  it("accepts the registered public key (RSA offered as rsa-sha2-512) and returns it for signature checks; refuses another key", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key, { name: "k", auth: "public_key", public_key: SSH_KEYS.rsa2048.line });
    const ok = await sidecar("POST", "/login", { username: cred.username, method: "publickey", key_algo: "rsa-sha2-512", key_data: keyData(SSH_KEYS.rsa2048.line) });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ credentials_id: cred.id, public_key: SSH_KEYS.rsa2048.line.split(" ").slice(0, 2).join(" ") });
    const other = await sidecar("POST", "/login", { username: cred.username, method: "publickey", key_algo: "ssh-ed25519", key_data: keyData(SSH_KEYS.ed25519.line) });
    expect(other.status).toBe(401);
    const noPassword = await sidecar("POST", "/login", { username: cred.username, method: "password", password: "" });
    expect(noPassword.status).toBe(401);
  });

  it("needs SIDECAR_TOKEN: a wrong or missing token is 401, and with none configured the routes do not exist (404)", async () => {
    const body = { username: "x", method: "password", password: "y" };
    expect((await call("POST", "/internal/sftp/login", { key: "wrong", body })).status).toBe(401);
    expect((await call("POST", "/internal/sftp/login", { body })).status).toBe(401);
    const { key } = await newProject();
    expect((await call("GET", "/internal/sftp/credentials/sfc_x/files", { key })).status).toBe(401); // a project API key is not the sidecar's
    const unconfigured = await app.fetch(
      new Request("http://bulk.test/internal/sftp/login", { method: "POST", headers: { Authorization: "Bearer anything", "Content-Type": "application/json" }, body: JSON.stringify(body) }),
      { ...env, SIDECAR_TOKEN: undefined },
    );
    expect(unconfigured.status).toBe(404);
  });
});

describe("internal SFTP routes: keys and files", () => {
  it("hands out a private key that decrypts what partners encrypt to the credentials' public key, and the partner's key", async () => {
    const { key } = await newProject();
    const partner = await openpgp.generateKey({ type: "ecc", curve: "curve25519Legacy", userIDs: [{ name: "Partner" }], format: "armored" });
    const cred = await createCredentials(key, { name: "k", auth: "password", partner_pgp_public_key: partner.publicKey });
    const res = await sidecar("GET", `/credentials/${cred.id}/keys`);
    expect(res.status).toBe(200);
    expect(res.json.partner_public_key).toContain("BEGIN PGP PUBLIC KEY BLOCK");

    const encrypted = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: "unique_id,email\nu1,a@example.com\n" }),
      encryptionKeys: await openpgp.readKey({ armoredKey: cred.pgp_public_key }),
    });
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: encrypted }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: res.json.private_key }),
    });
    expect(data).toBe("unique_id,email\nu1,a@example.com\n");

    await call("DELETE", `/v2/partner/sftp-credentials/${cred.id}`, { key, headers: destructive });
    expect((await sidecar("GET", `/credentials/${cred.id}/keys`)).status).toBe(404);
    expect((await sidecar("GET", "/credentials/sfc_unknown/keys")).status).toBe(404);
  });

  it("does not open a sealed private key copied to another credentials row (the id is authenticated with it)", async () => {
    const { key } = await newProject();
    const a = await createCredentials(key);
    const b = await createCredentials(key);
    await env.DB.prepare(
      "UPDATE sftp_credentials SET (pgp_private_key_iv, pgp_private_key_ciphertext) = (SELECT pgp_private_key_iv, pgp_private_key_ciphertext FROM sftp_credentials WHERE id = ?) WHERE id = ?",
    ).bind(a.id, b.id).run();
    expect((await sidecar("GET", `/credentials/${b.id}/keys`)).status).toBe(500);
  });

  it("stores a multipart upload (a 5 MiB part and a last part), lists it, and replaces it on re-upload", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key);
    const first = new Uint8Array(5 * MiB).fill(0x61);
    const last = new TextEncoder().encode("tail\n");
    const done = await uploadAsSidecar(cred.id, "in/orders.csv", [first, last]);
    expect(done.status, done.text).toBe(200);
    expect(done.json).toMatchObject({ path: "in/orders.csv", size: 5 * MiB + 5, status: "ready", error: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const row = await env.DB.prepare("SELECT r2_key FROM sftp_files WHERE credentials_id = ?").bind(cred.id).first<{ r2_key: string }>();
    expect(row!.r2_key).toMatch(new RegExp(`^sftp/prj_\\w+/${cred.id}/sff_\\w+/in/orders.csv$`));
    const object = await env.BUCKET.get(row!.r2_key);
    expect(object!.size).toBe(5 * MiB + 5);
    expect((await object!.text()).endsWith("aaatail\n")).toBe(true);

    const again = await uploadAsSidecar(cred.id, "in/orders.csv", [new TextEncoder().encode("small\n")]);
    expect(again.json).toMatchObject({ size: 6, status: "ready" });
    const listed = await sidecar("GET", `/credentials/${cred.id}/files`);
    expect(listed.json.files).toEqual([again.json]);
    const publicList = await call("GET", `/v2/partner/sftp-credentials/${cred.id}/files`, { key });
    expect(publicList.json).toEqual({ data: [again.json], next_cursor: null });
    // The earlier upload keeps its own object, so a batch already reading it is unaffected.
    expect(await env.BUCKET.head(row!.r2_key)).not.toBeNull();
  });

  it("records an aborted upload as failed with its reason", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key);
    const started = await sidecar("POST", `/credentials/${cred.id}/uploads`, { path: "orders.csv.pgp" });
    const aborted = await sidecar("POST", `/credentials/${cred.id}/uploads/${started.json.upload_id}/abort`, {
      path: "orders.csv.pgp",
      error: "decryption failed: not encrypted to this credential's key",
    });
    expect(aborted.status).toBe(200);
    expect(aborted.json).toMatchObject({ path: "orders.csv.pgp", status: "failed", size: null, error: "decryption failed: not encrypted to this credential's key" });
  });

  it("refuses paths outside the root, a size that does not add up, another credential's upload id and revoked credentials", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key);
    const other = await createCredentials(key);
    for (const path of ["../x.csv", "/etc/passwd", "a//b", "a\u0000b"]) {
      const res = await sidecar("POST", `/credentials/${cred.id}/uploads`, { path });
      expect(res.status, path).toBe(422);
      expect(res.json.error.details[0].field).toBe("path");
    }
    const started = await sidecar("POST", `/credentials/${cred.id}/uploads`, { path: "x.csv" });
    const part = await sidecar("PUT", `/credentials/${other.id}/uploads/${started.json.upload_id}/parts/1`, "a\n");
    expect(part.status).toBe(404);
    expect((await sidecar("PUT", `/credentials/${cred.id}/uploads/not-an-upload/parts/1`, "a\n")).status).toBe(404);

    const s2 = await sidecar("POST", `/credentials/${cred.id}/uploads`, { path: "y.csv" });
    const put = await sidecar("PUT", `/credentials/${cred.id}/uploads/${s2.json.upload_id}/parts/1`, "abc\n");
    const mismatch = await sidecar("POST", `/credentials/${cred.id}/uploads/${s2.json.upload_id}/complete`, {
      path: "y.csv",
      parts: [{ part_number: 1, etag: put.json.etag }],
      size: 99,
      sha256: "0".repeat(64),
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.error.details[0].field).toBe("size");

    await call("DELETE", `/v2/partner/sftp-credentials/${cred.id}`, { key, headers: destructive });
    expect((await sidecar("POST", `/credentials/${cred.id}/uploads`, { path: "z.csv" })).status).toBe(404);
    expect((await sidecar("GET", `/credentials/${cred.id}/files`)).status).toBe(404);
  });
});
