import { describe, expect, it } from "vitest";
import { readSettings } from "../../cli/settings";

describe("bulk's settings from the environment", () => {
  it("take BULK_API_URL and BULK_API_KEY, the URL defaulting to npm start's", () => {
    expect(readSettings({ BULK_API_URL: "https://bulk.example.com", BULK_API_KEY: "sk_1" })).toEqual({ baseUrl: "https://bulk.example.com", apiKey: "sk_1" });
    expect(readSettings({ BULK_API_KEY: "sk_1" })).toEqual({ baseUrl: "http://127.0.0.1:8787", apiKey: "sk_1" });
    expect(readSettings({ BULK_API_URL: "", BULK_API_KEY: "sk_1" }).baseUrl).toBe("http://127.0.0.1:8787");
  });

  it("name what is missing or wrong in one line", () => {
    expect(() => readSettings({})).toThrow(/^set BULK_API_KEY to a project API key/);
    expect(() => readSettings({ BULK_API_KEY: " " })).toThrow("BULK_API_KEY is empty");
    expect(() => readSettings({ BULK_API_KEY: "k", BULK_API_URL: "localhost:8787" })).toThrow('BULK_API_URL must be an http(s) URL, e.g. http://127.0.0.1:8787 (not "localhost:8787")');
  });
});
