import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `wrangler deploy --dry-run` validates wrangler.toml and bundles the Worker without an account.
// Run here with no credentials and no network, so the production configuration (docs/deploy.md)
// cannot rot unnoticed and never needs the network: in a network namespace of its own with no
// interfaces where the machine allows one (`unshare -n`, as root in CI), else with every request
// sent through a proxy on a closed local port.
const outdirs: string[] = [];
const isolated = spawnSync("unshare", ["-n", "true"]).status === 0;

function dryRun(...envArgs: string[]) {
  const outdir = mkdtempSync(path.join(tmpdir(), "bulk-dry-run-"));
  outdirs.push(outdir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    NO_PROXY: "",
  };
  for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "CF_API_TOKEN", "CF_ACCOUNT_ID"]) delete env[name];
  const command = ["npx", "wrangler", "deploy", "--dry-run", ...envArgs, "--outdir", outdir];
  const [file, ...args] = isolated ? ["unshare", "-n", ...command] : command;
  const run = spawnSync(file!, args, { env, encoding: "utf8", timeout: 120_000 });
  const bindings = [...run.stdout.matchAll(/^env\.(\w+)/gm)].map((m) => m[1]!);
  return { ...run, outdir, bindings, output: `${run.stdout}\n${run.stderr}` };
}

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe("the production configuration", { timeout: 180_000 }, () => {
  it("bundles with `wrangler deploy --dry-run --env production`, offline, with no account and no Docker", () => {
    const run = dryRun("--env", "production");
    expect(run.status, run.output).toBe(0);
    expect(run.stdout).toContain("--dry-run: exiting now.");
    expect(existsSync(path.join(run.outdir, "worker.js"))).toBe(true);
    expect(run.stdout).toContain('env.ENVIRONMENT ("production")');
    expect(run.stdout).toContain('env.ALLOW_LOOPBACK_FETCH ("false")');
    // The sidecar's container, from an image pushed beforehand (building one would need Docker).
    expect(run.stdout).toMatch(/bulk-ops-sftp-sidecar \(registry\.cloudflare\.com\/.+\)/);
  });

  it("binds in production everything the Worker binds locally (bindings are not inherited by an environment)", () => {
    const local = dryRun();
    const production = dryRun("--env", "production");
    expect(local.status, local.output).toBe(0);
    expect(local.bindings).toEqual(expect.arrayContaining(["DB", "BUCKET", "BATCH", "CHUNKS", "DEAD_CHUNKS", "WEBHOOKS", "ASSETS"]));
    expect(production.bindings).toEqual(expect.arrayContaining(local.bindings));
  });
});
