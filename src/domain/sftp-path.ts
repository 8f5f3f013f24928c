import { err, ok, type Result } from "./result";

/** Longest path accepted, in UTF-8 bytes: R2 keys stop at 1,024 and the key prefix takes about 100. */
export const SFTP_PATH_MAX_BYTES = 768;

export type PathRefusal = "empty" | "absolute" | "parent_segment" | "empty_segment" | "control_character" | "too_long";

const MESSAGES: Record<PathRefusal, string> = {
  empty: "The path is empty",
  absolute: "The path must be relative to the SFTP root (no leading /)",
  parent_segment: "The path may not contain '..'",
  empty_segment: "The path may not contain an empty segment ('//' or a trailing '/')",
  control_character: "The path may not contain NUL or other control characters",
  too_long: `The path is longer than ${SFTP_PATH_MAX_BYTES} bytes`,
};

export const pathRefusalMessage = (reason: PathRefusal) => MESSAGES[reason];

/**
 * A path inside a credential's SFTP root, in the one spelling stored and
 * used in R2 keys: `/`-separated, Unicode NFC, `.` segments dropped. Refuses
 * rather than repairs anything that could reach outside the root (`..`, a
 * leading `/`) or be read two ways (empty segments, control characters).
 */
export function normalizeSftpPath(raw: string): Result<string, PathRefusal> {
  if (raw.length === 0) return err("empty");
  if (/[\u0000-\u001f\u007f]/.test(raw)) return err("control_character");
  if (raw.startsWith("/")) return err("absolute");
  const segments = raw.normalize("NFC").split("/");
  if (segments.includes("..")) return err("parent_segment");
  if (segments.includes("")) return err("empty_segment");
  const path = segments.filter((s) => s !== ".").join("/");
  if (path.length === 0) return err("empty");
  if (new TextEncoder().encode(path).byteLength > SFTP_PATH_MAX_BYTES) return err("too_long");
  return ok(path);
}
