import { describe, expect, it } from "vitest";
import { signPath, verifyPath } from "../../src/domain/url-signing";

const q = (s: string) => Object.fromEntries(new URLSearchParams(s));

describe("signed upload URLs", () => {
  it("verifies its own signature until it expires", async () => {
    const signed = q(await signPath("secret", "PUT", "/v2/uploads/upl_1/content", 1000));
    expect(await verifyPath("secret", "PUT", "/v2/uploads/upl_1/content", signed, 999)).toBe("valid");
    expect(await verifyPath("secret", "PUT", "/v2/uploads/upl_1/content", signed, 1001)).toBe("expired");
  });

  it("refuses another method, path, expiry or key", async () => {
    const signed = q(await signPath("secret", "PUT", "/v2/uploads/upl_1/content", 1000));
    expect(await verifyPath("secret", "GET", "/v2/uploads/upl_1/content", signed, 0)).toBe("invalid");
    expect(await verifyPath("secret", "PUT", "/v2/uploads/upl_2/content", signed, 0)).toBe("invalid");
    expect(await verifyPath("secret", "PUT", "/v2/uploads/upl_1/content", { ...signed, expires: "2000" }, 0)).toBe("invalid");
    expect(await verifyPath("other", "PUT", "/v2/uploads/upl_1/content", signed, 0)).toBe("invalid");
    expect(await verifyPath("secret", "PUT", "/v2/uploads/upl_1/content", {}, 0)).toBe("invalid");
  });
});
