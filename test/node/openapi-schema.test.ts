import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";

// Runs in Node: the schema validator compiles JSON Schema with `new Function`, which workerd forbids.
describe("OpenAPI document validity", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const res = await app.request("http://bulk.test/openapi.json");
    const doc = await res.json();
    const result = await new Validator().validate(doc as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
