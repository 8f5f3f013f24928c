import { applyD1Migrations, env, type D1Migration } from "cloudflare:test";

// Read from migrations/ by vitest.config.ts and passed in as a test-only binding.
const { TEST_MIGRATIONS } = env as unknown as { TEST_MIGRATIONS: D1Migration[] };

await applyD1Migrations(env.DB, TEST_MIGRATIONS);
