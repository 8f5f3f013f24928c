#!/usr/bin/env node
// `bulk` (`npx bulk` in a clone): the CLI is TypeScript, compiled on the fly by tsx's loader,
// which is registered from here so it resolves from this repository wherever `bulk` runs.
import { register } from "tsx/esm/api";

register();
// `bulk errors ID | head`: a reader that stops early is not an error.
process.stdout.on("error", (error) => process.exit(error.code === "EPIPE" ? 0 : 1));
const { main } = await import("./main.ts");
const { processIo } = await import("./io.ts");
process.exitCode = await main(process.argv.slice(2), processIo());
