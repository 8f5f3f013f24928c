import ssh2, { type SFTPWrapper } from "ssh2";
import type { Authenticated } from "./auth";
import { HandleTable } from "./handle-table";
import type { IngestOutcome } from "./ingest-file";
import type { UploadLimits } from "./limits";
import { attributesOf, findNode, listDirectory, toFileEntry } from "./listing";
import { describeError, type Logger } from "./log";
import { describeRefusal, resolveClientPath, toClientPath } from "./paths";
import type { SpoolQuota } from "./spool-quota";
import { Upload } from "./upload";
import { type WorkerApi, WorkerError } from "./worker-client";

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;

/** Entries per READDIR answer: keeps each NAME packet well under the 34,000-byte packet cap. */
const ENTRIES_PER_READDIR = 100;

export type SessionDeps = {
  api: WorkerApi;
  log: Logger;
  spoolDir: string;
  limits: Pick<UploadLimits, "maxFileBytes" | "maxWriteGapBytes" | "maxHandlesPerSession">;
  /** Spool disk shared by every session: each write that extends a file takes its growth from it. */
  quota: SpoolQuota;
  /** Decrypts and uploads a closed spool file of `uploadedBytes` (bounded in concurrency by the caller). */
  ingest: (job: { credentialsId: string; path: string; spoolPath: string; uploadedBytes: number }) => Promise<IngestOutcome>;
  /** How long a CLOSE answer waits for its file's outcome before answering OK and going on. */
  closeWaitMs: number;
  /** Keeps in-flight work visible to a graceful shutdown. */
  track: (work: Promise<unknown>) => void;
  /** The Worker no longer knows the credential: end the connection. */
  onRevoked: () => void;
};

type WriteHandle = { kind: "write"; upload: Upload };
type DirHandle = { kind: "dir"; entries: ssh2.FileEntry[] };

/**
 * Serves one SFTP channel for one authenticated credential, whose root is "/". Upload only:
 * files are written to a spool file, and on CLOSE decrypted and sent to the Worker; the
 * CLOSE answer waits for that (up to closeWaitMs), so a partner sees a failure (wrong key,
 * bad signature) at once.
 * Listings and STAT come from the Worker's record of the files. Nothing reads back, deletes,
 * renames or links.
 */
export function serveSftp(sftp: SFTPWrapper, who: Authenticated, session: string, deps: SessionDeps): void {
  const handles = new HandleTable<WriteHandle | DirHandle>(deps.limits.maxHandlesPerSession);
  // Answers that arrive after the client went away have nowhere to go; that is not an error.
  const late = (reply: () => void) => {
    try {
      reply();
    } catch {
      // channel closed
    }
  };
  // Requests still being answered; the channel closes after them.
  const pending = new Set<Promise<unknown>>();
  const hold = (work: Promise<unknown>) => {
    const settled = work.catch(() => {}).finally(() => pending.delete(settled));
    pending.add(settled);
    deps.track(settled);
  };
  const credentialsId = who.credentials_id;

  const lookup = (handle: Buffer) => handles.get(handle);

  /** Resolves a client path, answering PERMISSION_DENIED itself when refused. */
  const resolve = (reqid: number, input: string): string | null => {
    const resolved = resolveClientPath(input);
    if (resolved.ok) return resolved.path;
    deps.log("sftp.refused", { session, credentials_id: credentialsId, reason: resolved.reason });
    sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, describeRefusal(resolved.reason));
    return null;
  };

  /**
   * Answers a request whose work failed: a 404 from a per-credential route means the credential
   * was revoked (the Worker answers so at once), which ends the session; anything else is
   * FAILURE, so the client is never left waiting.
   */
  const fail = (reqid: number, e: unknown, message: string) => {
    if (e instanceof WorkerError && e.status === 404) {
      deps.log("sftp.revoked", { session, credentials_id: credentialsId });
      late(() => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, "credentials revoked"));
      deps.onRevoked();
      return;
    }
    deps.log("sftp.error", { session, credentials_id: credentialsId, error: describeError(e) });
    late(() => sftp.status(reqid, STATUS_CODE.FAILURE, message));
  };

  /** Runs a Worker-backed answer. */
  const answer = (reqid: number, work: () => Promise<void>) => {
    work().catch((e) => fail(reqid, e, "temporary failure, try again"));
  };

  /** Answers FAILURE for a request a limit refuses, and logs which. */
  const refuse = (reqid: number, reason: string, message: string, path?: string) => {
    deps.log("sftp.refused", { session, credentials_id: credentialsId, reason, path });
    sftp.status(reqid, STATUS_CODE.FAILURE, message);
  };

  /** Runs an OPEN or OPENDIR with a place kept for its handle, or refuses it when the session holds the most. */
  const opening = (reqid: number, work: () => Promise<void>) => {
    if (!handles.keepPlace()) return refuse(reqid, "too_many_handles", `too many open files: at most ${handles.max} per session; close one first`);
    answer(reqid, () => work().finally(() => handles.returnPlace()));
  };

  sftp.on("REALPATH", (reqid, input) => {
    const path = resolve(reqid, input);
    if (path === null) return;
    sftp.name(reqid, [{ filename: toClientPath(path), longname: toClientPath(path), attrs: {} as ssh2.Attributes }]);
  });

  const stat = (reqid: number, input: string) => {
    const path = resolve(reqid, input);
    if (path === null) return;
    answer(reqid, async () => {
      const node = path === "" ? findNode([], "") : findNode(await deps.api.listFiles(credentialsId), path);
      if (!node) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      sftp.attrs(reqid, attributesOf(node));
    });
  };
  sftp.on("STAT", stat);
  sftp.on("LSTAT", stat);

  sftp.on("OPENDIR", (reqid, input) => {
    const path = resolve(reqid, input);
    if (path === null) return;
    opening(reqid, async () => {
      const files = await deps.api.listFiles(credentialsId);
      const node = findNode(files, path);
      if (!node) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      if (node.kind !== "dir") return sftp.status(reqid, STATUS_CODE.FAILURE, "not a directory");
      sftp.handle(reqid, handles.add({ kind: "dir", entries: listDirectory(files, path).map(toFileEntry) }));
    });
  });

  sftp.on("READDIR", (reqid, handle) => {
    const dir = lookup(handle);
    if (dir?.kind !== "dir") return sftp.status(reqid, STATUS_CODE.FAILURE, "bad handle");
    if (dir.entries.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
    sftp.name(reqid, dir.entries.splice(0, ENTRIES_PER_READDIR));
  });

  sftp.on("OPEN", (reqid, input, flags) => {
    const path = resolve(reqid, input);
    if (path === null) return;
    if (path === "") return sftp.status(reqid, STATUS_CODE.FAILURE, "is a directory");
    if (!(flags & OPEN_MODE.WRITE)) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, "upload only: files cannot be read back");
    // The stored file is the decrypted plaintext; appending ciphertext to it has no meaning.
    if (flags & OPEN_MODE.APPEND) return sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, "resuming is not supported: upload the whole file again");
    opening(reqid, async () => {
      const upload = await Upload.open(deps.spoolDir, path, { credentialsId, quota: deps.quota, limits: deps.limits });
      sftp.handle(reqid, handles.add({ kind: "write", upload }));
    });
  });

  sftp.on("WRITE", (reqid, handle, offset, data) => {
    const open = lookup(handle);
    if (open?.kind !== "write") return sftp.status(reqid, STATUS_CODE.FAILURE, "bad handle");
    const { upload } = open;
    const written = upload.write(offset, data);
    if (!(written instanceof Promise)) return refuse(reqid, written.reason, written.message, upload.path);
    written.then(
      () => late(() => sftp.status(reqid, STATUS_CODE.OK)),
      (e) => {
        deps.log("sftp.error", { session, credentials_id: credentialsId, path: upload.path, error: describeError(e) });
        late(() => sftp.status(reqid, STATUS_CODE.FAILURE, "could not store the data"));
      },
    );
  });

  sftp.on("FSTAT", (reqid, handle) => {
    const open = lookup(handle);
    if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE, "bad handle");
    if (open.kind === "dir") return sftp.attrs(reqid, attributesOf({ kind: "dir", name: "" }));
    const { path, size } = open.upload;
    sftp.attrs(reqid, { ...attributesOf({ kind: "file", name: path, record: { path, status: "ready" } }), size });
  });

  // Times and permissions mean nothing here; clients that preserve them (`put -p`) must not fail.
  sftp.on("FSETSTAT", (reqid, handle) => sftp.status(reqid, lookup(handle) ? STATUS_CODE.OK : STATUS_CODE.FAILURE));
  sftp.on("SETSTAT", (reqid, input) => {
    if (resolve(reqid, input) !== null) sftp.status(reqid, STATUS_CODE.OK);
  });

  sftp.on("CLOSE", (reqid, handle) => {
    const open = lookup(handle);
    if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE, "bad handle");
    handles.delete(handle);
    if (open.kind === "dir") return sftp.status(reqid, STATUS_CODE.OK);
    const { upload } = open;
    // A refused write left the file incomplete: nothing to decrypt, the client hears why again.
    if (upload.refused) {
      logFile(upload, { outcome: "refused", error: upload.refused.message });
      deps.track(upload.drop());
      return sftp.status(reqid, STATUS_CODE.FAILURE, upload.refused.message);
    }
    const work = finishUpload(upload);
    deps.track(work);
    // Wait for the outcome, but not past closeWaitMs: GUI clients give up on a request after
    // 15-20 s (WinSCP, FileZilla) while a large file is still being decrypted. Failures that
    // show at the start (wrong key, not OpenPGP) are always answered in time; a late one (bad
    // signature at the end of a large file) then shows in the listing and the files API.
    let timer: NodeJS.Timeout | undefined;
    const deferred = new Promise<"deferred">((resolve) => (timer = setTimeout(() => resolve("deferred"), deps.closeWaitMs)));
    const reply = Promise.race([work, deferred]).then(
      (outcome) => {
        clearTimeout(timer);
        if (outcome === "deferred") {
          deps.log("sftp.close_deferred", { session, credentials_id: credentialsId, path: upload.path });
          return late(() => sftp.status(reqid, STATUS_CODE.OK));
        }
        late(() => sftp.status(reqid, outcome.ok ? STATUS_CODE.OK : STATUS_CODE.FAILURE, outcome.ok ? undefined : outcome.error));
      },
      (e) => {
        clearTimeout(timer);
        fail(reqid, e, "temporary failure, upload again");
      },
    );
    hold(reply);
  });

  /** The `sftp.file` log line of an upload's outcome. */
  function logFile(upload: Upload, fields: Record<string, unknown>) {
    deps.log("sftp.file", { session, credentials_id: credentialsId, path: upload.path, bytes_received: upload.size, ...fields, duration_ms: Date.now() - upload.openedAt });
  }

  async function finishUpload(upload: Upload): Promise<IngestOutcome> {
    try {
      await upload.finish();
      const outcome = await deps.ingest({ credentialsId, path: upload.path, spoolPath: upload.spoolPath, uploadedBytes: upload.size });
      logFile(upload, outcome.ok ? { bytes: outcome.size, sha256: outcome.sha256, outcome: "ready" } : { outcome: "failed", error: outcome.error });
      return outcome;
    } catch (e) {
      logFile(upload, { outcome: "error", error: describeError(e) });
      throw e;
    } finally {
      await upload.drop();
    }
  }

  sftp.on("REMOVE", (reqid) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, "files are removed by the platform, not over SFTP"));
  sftp.on("RENAME", (reqid) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, "rename is not supported: upload under the final name"));
  sftp.on("MKDIR", (reqid) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, "directories are not supported"));
  sftp.on("RMDIR", (reqid) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, "directories are not supported"));
  sftp.on("SYMLINK", (reqid) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, "symlinks are not allowed"));
  sftp.on("READLINK", (reqid) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, "symlinks are not supported"));
  sftp.on("READ", (reqid) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, "upload only: files cannot be read back"));

  // The client has sent everything (end of a batch, `bye`): answer what is pending, then close,
  // as OpenSSH's sftp-server does by exiting; clients wait for that.
  sftp.on("end", () => {
    void Promise.allSettled([...pending]).then(() => sftp.end());
  });

  // A client that goes away mid-upload never closed its file: drop the partial spool, upload nothing.
  sftp.on("close", () => {
    for (const open of handles.values()) {
      if (open.kind !== "write") continue;
      logFile(open.upload, { outcome: "abandoned" });
      deps.track(open.upload.drop());
    }
    handles.clear();
  });
}
