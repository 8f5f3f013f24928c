import { env } from "cloudflare:test";
import { AwsClient } from "aws4fetch";
import { describe, expect, inject, it } from "vitest";
import { presignR2Put } from "../../src/sources/r2-presign";

const on = { ...env, R2_PRESIGNED_UPLOADS: "true", R2_BUCKET_NAME: "partner-exports", S3_REGION: "us-east-1" };

describe("R2 presigned upload URLs", () => {
  it("are issued only when turned on, with R2 API credentials", async () => {
    expect(await presignR2Put({ ...on, R2_PRESIGNED_UPLOADS: undefined }, "uploads/x.csv", 60)).toBeNull();
    expect(await presignR2Put({ ...on, R2_BUCKET_NAME: "" }, "uploads/x.csv", 60)).toBeNull();
  });

  it("sign a one-shot PUT (If-None-Match: * under the signature) that an S3-protocol server accepts", async () => {
    const signed = (await presignR2Put(on, "uploads/presigned.csv", 300))!;
    const url = new URL(signed.url);
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toContain("if-none-match");
    expect(signed.headers).toEqual({ "If-None-Match": "*" });
    const put = await fetch(signed.url, { method: "PUT", body: "id\n1\n", headers: signed.headers });
    expect(put.status).toBe(200);
    const s3 = new AwsClient({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", service: "s3", region: "us-east-1" });
    const back = await s3.fetch(`${inject("s3Endpoint")}/partner-exports/uploads/presigned.csv`);
    expect(await back.text()).toBe("id\n1\n");
  });
});
