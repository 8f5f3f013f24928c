import { describe, expect, it } from "vitest";
import { call } from "../setup/api";

describe("the pages this Worker serves itself", () => {
  it("serves the dashboard at / with a strict Content-Security-Policy, and its scripts from this origin", async () => {
    const page = await call("GET", "/");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(page.headers.get("X-Request-Id")).toBeTruthy();
    const scripts = [...page.text.matchAll(/<script[^>]* src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(["/dashboard/app.js"]);
    const script = await call("GET", scripts[0]!);
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toMatch(/^text\/javascript|^application\/javascript/);
  });

  it("answers a repeated request for an unchanged file with 304, its headers kept", async () => {
    const first = await call("GET", "/dashboard/app.js");
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    const again = await call("GET", "/dashboard/app.js", { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("Content-Security-Policy")).toBe(first.headers.get("Content-Security-Policy"));
  });

  it("serves /docs with Swagger UI's own files from this Worker, pointed at /openapi.json", async () => {
    const page = await call("GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/init.js"]));
    for (const asset of assets) expect((await call("GET", asset)).status, asset).toBe(200);
    expect((await call("GET", "/docs/init.js")).text).toContain('"/openapi.json"');
    expect((await call("GET", "/docs/")).text).toBe(page.text);
    // The bundle is the pinned swagger-ui-dist (symlinked from public/docs/), not an empty stand-in.
    expect((await call("GET", "/docs/swagger-ui-bundle.js")).text.length).toBeGreaterThan(500_000);
  });

  it("keeps the JSON 404 envelope for a missing file and for every other path", async () => {
    for (const path of ["/dashboard/missing.js", "/docs/../wrangler.toml", "/index.html", "/nope", "/v2/nope"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.json?.error?.code, path).toBe("not_found");
    }
    const post = await call("POST", "/", { body: {} });
    expect(post.status).toBe(404);
    expect(post.json.error.code).toBe("not_found");
  });
});
