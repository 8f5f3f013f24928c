import { app } from "../../src/api/app";

/**
 * The document `GET /openapi.json` serves, built in-process (no server,
 * no request log). Only the route and schema parts matter for the types;
 * `info` is the Worker's own.
 */
export function apiDocument(): object {
  return app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "Bulk operations API", version: "2.0.0" } });
}
