import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests never reach the network.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

// The hostile-input property tests (test/api/hostile-input.test.ts): runs per route and the
// seed. `npm test` keeps the defaults; `npm run fuzz` sets more runs and FUZZ_SEED=random.
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS || 20);
const FUZZ_SEED = process.env.FUZZ_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED || 20261129);
if (process.env.FUZZ_SEED) console.log(`hostile-input: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}`);

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      // JSON log lines only for failing tests.
      silent: "passed-only" as const,
      projects: [
        {
          // Inside workerd, with real local D1, R2, Queues and Durable Objects.
          plugins: [
            cloudflareTest(({ inject }) => ({
              main: "./src/worker.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ADMIN_TOKEN: "test-admin-token",
                  UPLOAD_SIGNING_SECRET: "test-upload-secret",
                  SIDECAR_TOKEN: "test-sidecar-token",
                  // base64 of 32 bytes, the key-encryption key for SFTP credentials' PGP private keys.
                  SFTP_KEK: "dGVzdC1vbmx5IHNmdHAga2VrLCAzMiBieXRlcy4uLi4=",
                  // Small segments so a few KB of CSV already spans several ranges.
                  INGEST_SEGMENT_BYTES: "4096",
                  // Small chunks so a few dozen rows already span several queue messages.
                  CHUNK_ROWS: "10",
                  // Downloads in segments of 3 chunks, so every JSONL download in the tests crosses invocations.
                  DOWNLOAD_SECTIONS_PER_CALL: "3",
                  CHUNK_MAX_ATTEMPTS: "3",
                  // base64 of 32 bytes, the key-encryption key for webhook secrets.
                  WEBHOOK_KEK: "dGVzdC1vbmx5IHdlYmhvb2sga2VrLCAzMiBieXRlcyE=",
                  PUBLIC_API_ORIGIN: "http://bulk.test",
                  // Retries at once (0 s delays), so a test sees an attempt fail and the next succeed.
                  WEBHOOK_RETRY_BASE_MS: "100",
                  // Real peers on loopback, started by test/setup/peers.ts.
                  S3_ENDPOINT: inject("s3Endpoint"),
                  S3_ACCESS_KEY_ID: "S3RVER",
                  S3_SECRET_ACCESS_KEY: "S3RVER",
                  STS_ENDPOINT: `${inject("httpPeer")}/sts`,
                  // The service's own credentials may read this one bucket of the S3 server for any project.
                  S3_ALLOWED_BUCKETS: "partner-exports",
                },
              },
            })),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**"],
            setupFiles: ["./test/setup/production-limits.ts", "./test/setup/apply-migrations.ts"],
            globalSetup: ["./test/setup/peers.ts"],
            provide: { fuzzRuns: FUZZ_RUNS, fuzzSeed: FUZZ_SEED },
            testTimeout: 30_000,
          },
        },
        {
          // Plain Node: the OpenAPI validator, and the SFTP sidecar (sidecar/test mirrors sidecar/src).
          test: { name: "node", environment: "node", include: ["test/node/**/*.test.ts", "sidecar/test/**/*.test.ts"] },
        },
      ],
    },
  };
});
