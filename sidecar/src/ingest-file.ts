import { decryptStream, failureReason } from "./pgp";
import { readFileStream } from "./read-file-stream";
import { uploadInParts } from "./uploader";
import type { FileRecord, WorkerApi } from "./worker-client";

export type IngestOutcome =
  | { ok: true; file: FileRecord; size: number; sha256: string }
  | { ok: false; error: string; file: FileRecord | null };

/**
 * Turns one spooled upload into a file in R2: the spool file is read as a stream, decrypted
 * with the credential's key (and verified against the partner's key when there is one) and
 * the plaintext sent to the Worker in parts. Any failure aborts the upload with its reason,
 * which the Worker records so the file lists as failed and a batch on it is refused with it.
 * More than `maxPlaintextBytes` of plaintext (a compression bomb) is such a failure.
 */
export async function ingestSpooledFile(api: WorkerApi, input: { credentialsId: string; path: string; spoolPath: string; partBytes: number; maxPlaintextBytes: number }): Promise<IngestOutcome> {
  const { credentialsId, path } = input;
  const uploadId = await api.startUpload(credentialsId, path);
  let spool: Awaited<ReturnType<typeof readFileStream>> | null = null;
  try {
    const keys = await api.getKeys(credentialsId);
    if (!keys) throw new Error("credential revoked");
    spool = await readFileStream(input.spoolPath);
    const plaintext = await decryptStream(spool.stream, keys, { maxPlaintextBytes: input.maxPlaintextBytes });
    const sent = await uploadInParts(plaintext, (n, bytes) => api.putPart(credentialsId, uploadId, n, bytes), input.partBytes);
    const file = await api.completeUpload(credentialsId, uploadId, { path, parts: sent.parts, size: sent.size, sha256: sent.sha256 });
    return { ok: true, file, size: sent.size, sha256: sent.sha256 };
  } catch (e) {
    const error = failureReason(e);
    const file = await api.abortUpload(credentialsId, uploadId, { path, error }).catch(() => null);
    return { ok: false, error, file };
  } finally {
    // A failure half way leaves the file open; close its descriptor now, not at GC.
    await spool?.close().catch(() => {});
  }
}
