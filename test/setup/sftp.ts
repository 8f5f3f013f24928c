import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { call } from "./api";

/** SIDECAR_TOKEN as vitest.config.ts sets it. */
export const SIDECAR_TOKEN = "test-sidecar-token";
const ORIGIN = "http://bulk.test";

/** Creates SFTP credentials through the public API; expects 201. */
export async function createCredentials(key: string, body: Record<string, unknown> = { name: "orders feed", auth: "password" }) {
  const res = await call("POST", "/v2/partner/sftp-credentials", { key, body });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

/** Calls an internal route as the sidecar does. */
export const sidecar = (method: string, path: string, body?: unknown) => call(method, `/internal/sftp${path}`, { key: SIDECAR_TOKEN, body });

export async function sha256Hex(bytes: Uint8Array) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Uploads `parts` through the internal multipart routes and completes it; returns the completion response. */
export async function uploadAsSidecar(credentialsId: string, path: string, parts: Uint8Array[]) {
  const started = await sidecar("POST", `/credentials/${credentialsId}/uploads`, { path });
  expect(started.status, started.text).toBe(201);
  const uploadId = started.json.upload_id as string;
  const etags = [];
  for (const [i, bytes] of parts.entries()) {
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/internal/sftp/credentials/${credentialsId}/uploads/${uploadId}/parts/${i + 1}`, {
        method: "PUT",
        body: bytes,
        headers: { Authorization: `Bearer ${SIDECAR_TOKEN}`, "Content-Length": String(bytes.byteLength) },
      }),
    );
    const text = await res.text();
    expect(res.status, text).toBe(200);
    etags.push({ part_number: i + 1, etag: JSON.parse(text).etag as string });
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.byteLength), 0);
  return sidecar("POST", `/credentials/${credentialsId}/uploads/${uploadId}/complete`, { path, parts: etags, size: all.byteLength, sha256: await sha256Hex(all) });
}
