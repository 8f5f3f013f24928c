/** Why a client path was refused; each maps to an SFTP status in the server. */
export type PathRefusal = "nul" | "escapes_root" | "too_long" | "control_character";

export type ResolvedPath = { ok: true; path: string } | { ok: false; reason: PathRefusal };

const MAX_PATH_BYTES = 1024;

/**
 * Resolves a client path against the session's root "/" (and the client's working directory,
 * which SFTP clients keep themselves and send as absolute paths). Pure.
 *
 * Returns the path relative to the root, "/"-separated, with no leading "/", no empty, "." or
 * ".." segment: the form the Worker's internal API takes; "" is the root itself.
 * A ".." that would climb above the root is refused rather than clamped, so a partner learns
 * that it cannot go there instead of silently landing somewhere else.
 */
export function resolveClientPath(input: string): ResolvedPath {
  if (input.includes("\0")) return { ok: false, reason: "nul" };
  // Other control characters have no business in a file name and confuse logs and listings.
  if (/[\u0001-\u001f\u007f]/.test(input)) return { ok: false, reason: "control_character" };
  if (Buffer.byteLength(input) > MAX_PATH_BYTES) return { ok: false, reason: "too_long" };
  const segments: string[] = [];
  for (const segment of input.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return { ok: false, reason: "escapes_root" };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { ok: true, path: segments.join("/") };
}

/** The absolute form shown to the client (REALPATH, listings): "/" + the relative path. */
export function toClientPath(relative: string): string {
  return "/" + relative;
}

/** Human-readable reason for a refused path, sent in the SFTP status message. */
export function describeRefusal(reason: PathRefusal): string {
  switch (reason) {
    case "nul":
      return "path contains a NUL byte";
    case "escapes_root":
      return "path leaves your root directory";
    case "too_long":
      return `path longer than ${MAX_PATH_BYTES} bytes`;
    case "control_character":
      return "path contains a control character";
  }
}
