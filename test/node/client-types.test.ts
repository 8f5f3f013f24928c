import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiDocument } from "../../client/codegen/api-document";
import { renderClientTypes } from "../../client/codegen/render-types";

describe("the client's generated types", () => {
  it("match what npm run client:types makes from the current OpenAPI document", async () => {
    const committed = readFileSync(new URL("../../client/schema.d.ts", import.meta.url), "utf8");
    const fresh = await renderClientTypes(apiDocument());
    // On failure: the API changed; run `npm run client:types` and commit client/schema.d.ts.
    expect(committed === fresh, "client/schema.d.ts is stale: run npm run client:types").toBe(true);
  });

  it("are generated from the document GET /openapi.json serves", async () => {
    const { app } = await import("../../src/api/app");
    const served = await (await app.request("http://bulk.test/openapi.json")).json();
    const built = apiDocument() as { paths: object; components: object; webhooks?: object };
    expect({ paths: built.paths, components: built.components, webhooks: built.webhooks }).toEqual({
      paths: (served as typeof built).paths,
      components: (served as typeof built).components,
      webhooks: (served as typeof built).webhooks,
    });
  });
});
