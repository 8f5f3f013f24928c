import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { call } from "../setup/api";

// The pages (src/api/pages/) are for people, not part of the API.
const UNDOCUMENTED = new Set(["/openapi.json", "/docs", "/docs/*", "/", "/dashboard/*", "/healthz"]);
// The SFTP sidecar's routes (docs/sftp.md) are not part of the public API: only the sidecar, holding SIDECAR_TOKEN, may call them.
const isInternal = (path: string) => path.startsWith("/internal/");

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with the security schemes and an error schema", async () => {
    const res = await call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    expect(Object.keys(res.json.components.securitySchemes).sort()).toEqual(["adminToken", "bearerAuth"]);
    expect(res.json.components.schemas.Error).toBeDefined();
    expect(res.json.components.schemas.Batch).toBeDefined();
  });

  it("documents every route the app serves, each with security and error responses", async () => {
    const doc = (await call("GET", "/openapi.json")).json;
    const served = app.routes
      .filter((r) => r.method !== "ALL" && !UNDOCUMENTED.has(r.path) && !isInternal(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`));
    expect(new Set(documented)).toEqual(new Set(served));
    expect(served).toContain("delete /v2/partner/sftp-credentials/{id}");
    expect(documented.filter(isInternal)).toEqual([]);
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        expect(op.security, `${method} ${path}`).toBeDefined();
        expect(Object.keys(op.responses).some((s) => s.startsWith("4")), `${method} ${path}`).toBe(true);
      }
    }
  });

  it("describes the webhook payloads (OpenAPI 3.1 webhooks) and the live event stream", async () => {
    const doc = (await call("GET", "/openapi.json")).json;
    expect(Object.keys(doc.webhooks).sort()).toEqual(["batch.completed", "batch.paused", "batch.progress", "batch.resumed", "batch.started"]);
    const completed = doc.webhooks["batch.completed"].post;
    expect(completed.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/WebhookEvent" });
    expect(completed.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
    expect(doc.components.schemas.WebhookEvent.properties.data.properties.batch).toEqual({ $ref: "#/components/schemas/Batch" });
    expect(Object.keys(doc.paths["/v2/batch/operations/{id}/events"].get.responses["200"].content)).toEqual(["text/event-stream"]);
    expect(doc.components.schemas.BatchProgress.properties).toHaveProperty("eta_seconds");
  });

  it("carries examples for request bodies", async () => {
    const doc = (await call("GET", "/openapi.json")).json;
    expect(doc.components.schemas.InlineSource.example).toBeDefined();
  });
});
