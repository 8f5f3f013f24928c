import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { configOf } from "../src/config";
import type { Bindings } from "../src/env";

describe("configOf", () => {
  it("reads the Worker's vars once, with wrangler.toml's defaults for those unset", () => {
    const config = configOf({ ...env, CHUNK_ROWS: "", RESULT_RETENTION_DAYS: "7", ALLOW_LOOPBACK_FETCH: "true" } as Bindings);
    expect(config).toMatchObject({ CHUNK_ROWS: 500, RESULT_RETENTION_DAYS: 7, ALLOW_LOOPBACK_FETCH: true, CHUNK_LEASE_SECONDS: 30 });
  });

  it("refuses a malformed value instead of guessing", () => {
    expect(() => configOf({ ...env, CHUNK_ROWS: "many" } as Bindings)).toThrow();
    expect(() => configOf({ ...env, ALLOW_LOOPBACK_FETCH: "yes" } as Bindings)).toThrow();
  });
});
