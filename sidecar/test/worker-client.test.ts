import { describe, expect, it } from "vitest";
import { createWorkerClient, WorkerError } from "../src/worker-client";

// Only the client's own behaviour (headers, routes, status mapping); the real routes are
// exercised against the real Worker in integration/sftp-upload.test.ts.
function recordingFetch(answer: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("createWorkerClient", () => {
  it("sends the token as a Bearer header on every call and escapes ids in routes", async () => {
    const { fetch, calls } = recordingFetch(() => json(200, { etag: "e1" }));
    const client = createWorkerClient({ baseUrl: "http://worker.test", token: "t".repeat(20), fetch });
    expect(await client.putPart("sfc_1", "up/+id=", 3, new Uint8Array([1, 2]))).toBe("e1");
    expect(calls[0]!.url).toBe("http://worker.test/internal/sftp/credentials/sfc_1/uploads/up%2F%2Bid%3D/parts/3");
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe(`Bearer ${"t".repeat(20)}`);
    expect(calls[0]!.init.method).toBe("PUT");
  });

  it("maps a refused login (401) and revoked keys (404) to null", async () => {
    const client401 = createWorkerClient({ baseUrl: "http://w", token: "x".repeat(20), fetch: recordingFetch(() => json(401, { error: { code: "unauthorized" } })).fetch });
    expect(await client401.login({ username: "u", method: "password", password: "p" })).toBeNull();
    const client404 = createWorkerClient({ baseUrl: "http://w", token: "x".repeat(20), fetch: recordingFetch(() => json(404, { error: { code: "not_found" } })).fetch });
    expect(await client404.getKeys("sfc_1")).toBeNull();
  });

  it("throws a WorkerError naming the route template (no ids) and the error envelope", async () => {
    const client = createWorkerClient({
      baseUrl: "http://w",
      token: "x".repeat(20),
      fetch: recordingFetch(() => json(422, { error: { code: "validation_failed", message: "parts do not add up to size" } })).fetch,
    });
    const error = await client.completeUpload("sfc_secret", "up_1", { path: "a", parts: [], size: 1, sha256: "0" }).catch((e) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error.status).toBe(422);
    expect(error.message).toBe("Worker POST /internal/sftp/credentials/{id}/uploads/{upload_id}/complete answered 422: validation_failed parts do not add up to size");
  });

  it("refuses an answer that does not match the contract", async () => {
    const client = createWorkerClient({ baseUrl: "http://w", token: "x".repeat(20), fetch: recordingFetch(() => json(201, { id: "no upload_id" })).fetch });
    await expect(client.startUpload("sfc_1", "a.csv")).rejects.toThrow(/unexpected body/);
  });
});
