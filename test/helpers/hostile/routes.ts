import { app } from "../../../src/api/app";
import { call } from "../../setup/api";

/** A JSON Schema node of the OpenAPI document (only the keywords the fuzzer reads). */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

export type Param = { name: string; in: "path" | "query" | "header"; required: boolean; schema: Schema };

/** One route the Worker serves, as the fuzzer sees it. */
export type Route = {
  method: string;
  /** with `{name}` placeholders */
  path: string;
  params: Param[];
  /** the application/json request body, when the route documents one */
  body?: Schema;
  bodyRequired: boolean;
  /** the security schemes the route documents (`bearerAuth`, `adminToken`; none for signed URLs); null when undocumented */
  security: string[] | null;
};

export type Catalogue = { routes: Route[]; components: Record<string, Schema> };

/**
 * Every route: the documented ones from GET /openapi.json (so a new route is
 * fuzzed without touching this file), then whatever else the app serves
 * (`app.routes`, e.g. the sidecar's hidden routes and /healthz), with only
 * its path parameters known.
 */
export async function loadCatalogue(): Promise<Catalogue> {
  const doc = (await call("GET", "/openapi.json")).json;
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const security = (op.security ?? []).flatMap((s: Record<string, unknown>) => Object.keys(s));
      routes.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body, bodyRequired: !!op.requestBody?.required, security });
    }
  }
  const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
  for (const r of app.routes) {
    const path = r.path.replace(/:(\w+)/g, "{$1}");
    if (r.method === "ALL" || known.has(`${r.method} ${path}`)) continue;
    known.add(`${r.method} ${path}`);
    const params = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name: name!, in: "path" as const, required: true, schema: { type: "string" } }));
    routes.push({ method: r.method, path, params, bodyRequired: false, security: null });
  }
  return { routes, components: doc.components.schemas };
}

/** Follows a `$ref` into the document's components. */
export function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  let s = schema;
  while (s.$ref) s = components[s.$ref.replace("#/components/schemas/", "")]!;
  return s;
}

/** The component a schema names, if it is a `$ref`. */
export const refName = (schema: Schema) => schema.$ref?.replace("#/components/schemas/", "");
