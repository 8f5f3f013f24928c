import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { call } from "../setup/api";

/** Uploads bytes through POST /v2/uploads and the signed PUT; returns the upload's id, its upload URL and batch source. */
export async function uploadFile(key: string, format: "csv" | "jsonl", body: string) {
  const issued = await call("POST", "/v2/uploads", { key, body: { format } });
  expect(issued.status).toBe(201);
  const put = await exports.default.fetch(new Request(issued.json.upload_url, { method: "PUT", body, headers: { "Content-Length": String(new TextEncoder().encode(body).byteLength) } }));
  expect(put.status).toBe(200);
  return { id: issued.json.id as string, uploadUrl: issued.json.upload_url as string, source: issued.json.source as { kind: "signed_url"; url: string; format: "csv" | "jsonl" } };
}
