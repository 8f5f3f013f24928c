import { env } from "cloudflare:test";
import { AwsClient } from "aws4fetch";
import { describe, expect, inject, it } from "vitest";
import { presignR2Put } from "../../src/sources/r2-presign";

describe("R2 presigned upload URLs", () => {
  it("are issued only with R2 API credentials", async () => {
    expect(await presignR2Put({ ...env, R2_BUCKET_NAME: undefined }, "uploads/x.csv", 60)).toBeNull();
  });

  it("sign a PUT that an S3-protocol server accepts (the local S3 server stands in for R2's S3 API)", async () => {
    const url = await presignR2Put({ ...env, R2_BUCKET_NAME: "partner-exports", S3_REGION: "us-east-1" }, "uploads/presigned.csv", 300);
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(url).toContain("X-Amz-Expires=300");
    const put = await fetch(url!, { method: "PUT", body: "id\n1\n" });
    expect(put.status).toBe(200);
    const s3 = new AwsClient({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", service: "s3", region: "us-east-1" });
    const back = await s3.fetch(`${inject("s3Endpoint")}/partner-exports/uploads/presigned.csv`);
    expect(await back.text()).toBe("id\n1\n");
  });
});
