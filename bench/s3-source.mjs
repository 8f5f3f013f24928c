// `--source s3`: a real S3-protocol server (s3rver) on loopback holding the
// bench CSV, so the batch reads it the way it reads a partner's bucket.
import { AwsClient } from "aws4fetch";
import { createReadStream, mkdirSync } from "node:fs";
import { Readable } from "node:stream";
import S3rver from "s3rver";

const BUCKET = "bench";
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** Starts s3rver on `port` with the CSV as `bench/<name>`; returns the Worker's S3 settings and the batch source. */
export async function startS3Source({ csvPath, bytes, port, directory }) {
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const key = csvPath.split("/").pop();
  const aws = new AwsClient({ ...CREDENTIALS, service: "s3", region: "us-east-1" });
  const put = await aws.fetch(`${endpoint}/${BUCKET}/${key}`, {
    method: "PUT",
    body: Readable.toWeb(createReadStream(csvPath)),
    duplex: "half",
    headers: { "Content-Length": String(bytes), "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
  });
  if (!put.ok) throw new Error(`s3rver PUT failed: ${put.status} ${await put.text()}`);
  return {
    workerEnv: { S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, S3_ALLOWED_BUCKETS: BUCKET },
    source: { kind: "s3", bucket: BUCKET, key, format: "csv" },
    stop: () => server.close(),
  };
}
