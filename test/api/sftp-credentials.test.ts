import { env } from "cloudflare:test";
import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { call, newProject } from "../setup/api";
import { SSH_KEYS } from "../fixtures/ssh-keys";
import { createCredentials, sidecar } from "../setup/sftp";

const destructive = { "X-Operator-Override": "destructive" };

async function partnerKeyPair() {
  return openpgp.generateKey({ type: "ecc", curve: "curve25519Legacy", userIDs: [{ name: "Partner", email: "ops@partner.example" }], format: "armored" });
}

describe("SFTP credentials", () => {
  it("creates password credentials: the password is shown once and stored only as a PBKDF2 hash, the PGP private key only sealed", async () => {
    const { key } = await newProject();
    const created = await createCredentials(key, { name: "orders feed", auth: "password" });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^sfc_/),
      name: "orders feed",
      username: expect.stringMatching(/^sftp_/),
      auth: "password",
      password: expect.stringMatching(/^pw_.{40,}/),
      public_key_fingerprint: null,
      host: "localhost",
      port: 2222,
      partner_pgp_public_key_fingerprint: null,
      revoked_at: null,
    });
    const pgpKey = await openpgp.readKey({ armoredKey: created.pgp_public_key });
    expect(pgpKey.isPrivate()).toBe(false);
    expect(await pgpKey.getEncryptionKey()).toBeDefined();

    const got = await call("GET", `/v2/partner/sftp-credentials/${created.id}`, { key });
    expect(got.status).toBe(200);
    const { password, ...withoutPassword } = created;
    expect(got.json).toEqual(withoutPassword);
    const listed = await call("GET", "/v2/partner/sftp-credentials", { key });
    expect(listed.json).toEqual({ data: [withoutPassword], next_cursor: null });
    expect(listed.text).not.toContain(password);

    const row = await env.DB.prepare("SELECT * FROM sftp_credentials WHERE id = ?").bind(created.id).first<Record<string, unknown>>();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(password);
    expect(stored).not.toContain("PRIVATE KEY");
    expect(row).toMatchObject({ password_iterations: 100_000, password_hash: expect.any(String), password_salt: expect.any(String), pgp_private_key_ciphertext: expect.any(String) });
  });

  it("creates public-key credentials with the key's SHA256 fingerprint and the partner's PGP key fingerprint", async () => {
    const { key } = await newProject();
    const partner = await partnerKeyPair();
    const created = await createCredentials(key, { name: "signed feed", auth: "public_key", public_key: SSH_KEYS.ed25519.line, partner_pgp_public_key: partner.publicKey });
    expect(created.password).toBeUndefined();
    expect(created.public_key_fingerprint).toBe(SSH_KEYS.ed25519.fingerprint);
    const partnerKey = await openpgp.readKey({ armoredKey: partner.publicKey });
    expect(created.partner_pgp_public_key_fingerprint).toBe(partnerKey.getFingerprint().toUpperCase());
  });

  it.each([
    [{ name: "x", auth: "public_key" }, "public_key"],
    [{ name: "x", auth: "password", public_key: SSH_KEYS.ed25519.line }, "public_key"],
    [{ name: "x", auth: "public_key", public_key: SSH_KEYS.rsa1024.line }, "public_key"],
    [{ name: "x", auth: "public_key", public_key: "ssh-ed25519 AAAA" }, "public_key"],
    [{ name: "x", auth: "password", partner_pgp_public_key: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n-----END PGP PUBLIC KEY BLOCK-----" }, "partner_pgp_public_key"],
    [{ name: "", auth: "password" }, "name"],
  ])("refuses %j with 422 naming %s", async (body, field) => {
    const { key } = await newProject();
    const res = await call("POST", "/v2/partner/sftp-credentials", { key, body });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("refuses a partner's private key in place of its public key", async () => {
    const { key } = await newProject();
    const partner = await partnerKeyPair();
    const res = await call("POST", "/v2/partner/sftp-credentials", { key, body: { name: "x", auth: "password", partner_pgp_public_key: partner.privateKey } });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toMatchObject({ field: "partner_pgp_public_key", message: expect.stringMatching(/private key/) });
  });

  it("hides another project's credentials and their files (404)", async () => {
    const owner = await newProject("owner");
    const stranger = await newProject("stranger");
    const created = await createCredentials(owner.key);
    for (const path of [`/v2/partner/sftp-credentials/${created.id}`, `/v2/partner/sftp-credentials/${created.id}/files`]) {
      expect((await call("GET", path, { key: stranger.key })).status).toBe(404);
    }
    expect((await call("DELETE", `/v2/partner/sftp-credentials/${created.id}`, { key: stranger.key, headers: destructive })).status).toBe(404);
    expect((await call("GET", "/v2/partner/sftp-credentials", { key: stranger.key })).json.data).toEqual([]);
    expect((await call("GET", "/v2/partner/sftp-credentials")).status).toBe(401);
  });

  it("lists newest first, a page at a time", async () => {
    const { key } = await newProject();
    const ids = [];
    for (const name of ["a", "b", "c"]) ids.push((await createCredentials(key, { name, auth: "password" })).id);
    const first = await call("GET", "/v2/partner/sftp-credentials?limit=2", { key });
    const second = await call("GET", `/v2/partner/sftp-credentials?limit=2&cursor=${first.json.next_cursor}`, { key });
    expect([...first.json.data, ...second.json.data].map((c: { name: string }) => c.name)).toEqual(["c", "b", "a"]);
    expect(second.json.next_cursor).toBeNull();
  });

  it("revoking needs X-Operator-Override: destructive (428); with it 204, audited, and the next login fails", async () => {
    const { key } = await newProject();
    const created = await createCredentials(key);
    const login = () => sidecar("POST", "/login", { username: created.username, method: "password", password: created.password });
    expect((await login()).status).toBe(200);

    const refused = await call("DELETE", `/v2/partner/sftp-credentials/${created.id}`, { key });
    expect(refused.status).toBe(428);
    expect(refused.json.error.code).toBe("operator_override_required");
    expect((await login()).status).toBe(200);

    const revoked = await call("DELETE", `/v2/partner/sftp-credentials/${created.id}`, { key, headers: destructive });
    expect(revoked.status).toBe(204);
    expect((await login()).status).toBe(401);
    expect((await call("GET", `/v2/partner/sftp-credentials/${created.id}`, { key })).json.revoked_at).toEqual(expect.any(String));
    // Revoking again changes nothing and is not audited twice.
    expect((await call("DELETE", `/v2/partner/sftp-credentials/${created.id}`, { key, headers: destructive })).status).toBe(204);

    const audit = await call("GET", "/v2/audit-log", { key });
    expect(audit.json.data).toEqual([
      expect.objectContaining({ action: "sftp_credentials.revoke", target_id: created.id, batch_id: null, actor: expect.stringMatching(/^apikey:key_/), request_id: revoked.headers.get("X-Request-Id") }),
    ]);
  });
});
