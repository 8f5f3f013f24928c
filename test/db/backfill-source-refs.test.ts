import { env, type D1Migration } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newProject } from "../setup/api";
import { createCredentials, uploadAsSidecar } from "../setup/sftp";

const { TEST_MIGRATIONS } = env as unknown as { TEST_MIGRATIONS: D1Migration[] };
const backfill = TEST_MIGRATIONS.find((m) => m.name.startsWith("0005_"))!;

/** A batches mirror row as the batch object writes it, with only the source in its doc. */
const mirror = (id: string, projectId: string, source: unknown, purgedAt: string | null = null) =>
  env.DB.prepare("INSERT INTO batches (id, project_id, surface, status, created_at, completed_at, purged_at, version, doc) VALUES (?, ?, 'batch', 'succeeded', ?3, ?3, ?4, 1, ?5)").bind(
    id,
    projectId,
    new Date().toISOString(),
    purgedAt,
    JSON.stringify({ id, source }),
  );

describe("migration 0005: source objects and references from before source retention", () => {
  it("catalogues every upload and references it from unpurged batches, and SFTP batches' current files", async () => {
    const { projectId, key } = await newProject();
    const cred = await createCredentials(key);
    expect((await uploadAsSidecar(cred.id, "in/a.csv", [new TextEncoder().encode("unique_id\nu1\n")])).status).toBe(200);
    const sftpKey = (await env.DB.prepare("SELECT r2_key FROM sftp_files WHERE credentials_id = ?").bind(cred.id).first<{ r2_key: string }>())!.r2_key;
    const upload = { id: "upl_0legacy000000000000000000", r2Key: `uploads/${projectId}/upl_0legacy000000000000000000.csv` };
    const url = `https://bulk.example.com/v2/uploads/${upload.id}/content?expires=1&signature=s`;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO uploads (id, project_id, format, r2_key, created_at, expires_at) VALUES (?, ?, 'csv', ?, '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')").bind(upload.id, projectId, upload.r2Key),
      mirror("bat_legacy_upload", projectId, { kind: "signed_url", url, format: "csv" }),
      mirror("bat_legacy_purged", projectId, { kind: "signed_url", url, format: "csv" }, "2026-02-01T00:00:00.000Z"),
      mirror("bat_legacy_partner_url", projectId, { kind: "signed_url", url: "https://files.example.com/x.csv", format: "csv" }),
      mirror("bat_legacy_sftp", projectId, { kind: "sftp", credentials_id: cred.id, path: "in/a.csv", format: "csv" }),
      mirror("bat_legacy_inline", projectId, { kind: "inline", row_count: 1 }),
    ]);

    for (const query of backfill.queries) await env.DB.prepare(query).run();

    const object = await env.DB.prepare("SELECT retired_at, upload_id FROM source_objects WHERE r2_key = ?").bind(upload.r2Key).first();
    expect(object).toEqual({ retired_at: "2026-01-02T00:00:00.000Z", upload_id: upload.id });
    const { results } = await env.DB.prepare("SELECT r2_key, batch_id FROM source_refs WHERE batch_id LIKE 'bat_legacy_%' ORDER BY batch_id").all();
    expect(results).toEqual([
      { r2_key: sftpKey, batch_id: "bat_legacy_sftp" },
      { r2_key: upload.r2Key, batch_id: "bat_legacy_upload" },
    ]);
  });
});
