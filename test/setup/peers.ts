// Real protocol peers on loopback for the Workers tests, started in Node
// (vitest globalSetup): an S3 server (s3rver), and a plain HTTP file server
// with Range support that also plays STS for AssumeRole, answers 403 under
// /forbidden/, reports sources over the 50 GB cap (/huge, /huge-s3/) and receives webhooks (/hooks/).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsClient } from "aws4fetch";
import S3rver from "s3rver";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    httpPeer: string;
    s3Endpoint: string;
  }
}

/** The service's S3 credentials in tests; s3rver's built-in account. */
export const S3_KEYS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const S3_BUCKET = "partner-exports";
const HUGE = 60 * 1024 ** 3;

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "s3rver-"));
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: S3_BUCKET, configs: [] }] });
  const s3Address = await s3.run();
  const http = await listen(createPeer());
  project.provide("s3Endpoint", `http://127.0.0.1:${s3Address.port}`);
  project.provide("httpPeer", `http://127.0.0.1:${(http.address() as { port: number }).port}`);
  return async () => {
    await new Promise((resolve) => http.close(resolve));
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function createPeer(): Server {
  const files = new Map<string, Buffer>();
  const failures = new Map<string, number>();
  const stsCalls: Record<string, string>[] = [];
  const hooks = new Map<string, { status: number; headers: Record<string, string>; body: string }[]>();
  return createServer(async (req, res) => {
    const url = new URL(req.url!, "http://peer");
    const file = /^\/files\/(.+)$/.exec(url.pathname)?.[1];
    if (file && req.method === "PUT") {
      files.set(file, await body(req));
      res.writeHead(201).end();
      return;
    }
    if (file && req.method === "GET") {
      const data = files.get(file);
      if (!data) return void res.writeHead(404).end("no such file");
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      if (range && url.searchParams.get("norange") === null) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
        if (start >= data.length) return void res.writeHead(416, { "Content-Range": `bytes */${data.length}` }).end();
        res.writeHead(206, { "Content-Range": `bytes ${start}-${end}/${data.length}`, "Content-Length": end - start + 1, "Accept-Ranges": "bytes" });
        return void res.end(data.subarray(start, end + 1));
      }
      res.writeHead(200, { "Content-Length": data.length });
      return void res.end(data);
    }
    // /flaky/<file>?fail=N: the first N requests for it answer 503, then it is served as /files/<file>.
    const flaky = /^\/flaky\/(.+)$/.exec(url.pathname)?.[1];
    if (flaky && req.method === "GET") {
      const seen = (failures.get(flaky) ?? 0) + 1;
      failures.set(flaky, seen);
      if (seen <= Number(url.searchParams.get("fail") ?? 0)) return void res.writeHead(503).end("try again");
      const data = files.get(flaky);
      if (!data) return void res.writeHead(404).end("no such file");
      res.writeHead(200, { "Content-Length": data.length });
      return void res.end(data);
    }
    // A webhook receiver: /hooks/<name>?fail=N answers 500 to the first N posts, then 200;
    // GET /hooks/<name> lists every post it got, in order, with its answer.
    const hook = /^\/hooks\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (hook && req.method === "POST") {
      const seen = hooks.get(hook) ?? [];
      const status = seen.length < Number(url.searchParams.get("fail") ?? 0) ? 500 : 200;
      const pick = (h: string) => String(req.headers[h] ?? "");
      seen.push({ status, headers: { "webhook-id": pick("webhook-id"), "webhook-timestamp": pick("webhook-timestamp"), "webhook-signature": pick("webhook-signature") }, body: (await body(req)).toString() });
      hooks.set(hook, seen);
      return void res.writeHead(status).end();
    }
    if (hook && req.method === "GET") return void res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(hooks.get(hook) ?? []));
    if (url.pathname === "/huge") {
      res.writeHead(206, { "Content-Range": `bytes 0-0/${HUGE}`, "Content-Length": 1 });
      return void res.end("x");
    }
    // As an S3 endpoint (S3_ENDPOINT=<peer>/huge-s3): every object is over the 50 GB cap.
    if (url.pathname.startsWith("/huge-s3/") && req.method === "HEAD") return void res.writeHead(200, { "Content-Length": HUGE }).end();
    if (url.pathname.startsWith("/forbidden/")) return void res.writeHead(403).end("access denied");
    if (url.pathname === "/redirect") {
      res.writeHead(302, { Location: url.searchParams.get("to")! }).end();
      return;
    }
    if (url.pathname === "/sts" && req.method === "POST") return void (await answerSts(req, await body(req), res, stsCalls));
    if (url.pathname === "/sts/calls") return void res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(stsCalls));
    res.writeHead(404).end();
  });
}

/** STS AssumeRole: checks the SigV4 signature against the service's keys by signing the same request again. */
async function answerSts(req: IncomingMessage, raw: Buffer, res: import("node:http").ServerResponse, calls: Record<string, string>[]) {
  const params = Object.fromEntries(new URLSearchParams(raw.toString()));
  const given = req.headers.authorization ?? "";
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const expected = await new AwsClient({ ...S3_KEYS, service: "sts", region: "us-east-1" }).sign(`http://${req.headers.host}${req.url}`, {
    method: "POST",
    headers: { "Content-Type": String(req.headers["content-type"]), "X-Amz-Date": amzDate },
    body: raw.toString(),
    aws: { datetime: amzDate },
  });
  const valid = given !== "" && given === expected.headers.get("Authorization");
  calls.push({ ...params, signature: valid ? "valid" : "invalid" });
  if (!valid || params.Action !== "AssumeRole" || !params.ExternalId) {
    res.writeHead(403, { "Content-Type": "text/xml" }).end("<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>");
    return;
  }
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  res.writeHead(200, { "Content-Type": "text/xml" }).end(
    `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${S3_KEYS.accessKeyId}</AccessKeyId>` +
      `<SecretAccessKey>${S3_KEYS.secretAccessKey}</SecretAccessKey><SessionToken>session-${calls.length}</SessionToken>` +
      `<Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
  );
}
