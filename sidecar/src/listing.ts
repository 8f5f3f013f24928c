import type { Attributes, FileEntry } from "ssh2";
import type { FileRecord } from "./worker-client";

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/** What a path is, as far as the partner's listing goes. */
export type Node = { kind: "file"; name: string; record: FileRecord } | { kind: "dir"; name: string };

/**
 * The view of one directory (relative path, "" for the root) built from the flat list of
 * files the Worker holds: files directly in it, and a directory for each deeper prefix.
 */
export function listDirectory(files: FileRecord[], dir: string): Node[] {
  const prefix = dir === "" ? "" : `${dir}/`;
  const nodes = new Map<string, Node>();
  for (const record of files) {
    if (!record.path.startsWith(prefix)) continue;
    const rest = record.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) nodes.set(rest, { kind: "file", name: rest, record });
    else if (!nodes.has(rest.slice(0, slash))) nodes.set(rest.slice(0, slash), { kind: "dir", name: rest.slice(0, slash) });
  }
  return [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The node at `target` (relative path), or null when nothing is there. The root is a directory. */
export function findNode(files: FileRecord[], target: string): Node | null {
  if (target === "") return { kind: "dir", name: "/" };
  const name = target.slice(target.lastIndexOf("/") + 1);
  const record = files.find((f) => f.path === target);
  if (record) return { kind: "file", name, record };
  return files.some((f) => f.path.startsWith(`${target}/`)) ? { kind: "dir", name } : null;
}

/** SFTP attributes: plaintext size of a ready file (0 for a failed one), upload time as mtime. */
export function attributesOf(node: Node): Attributes {
  if (node.kind === "dir") return { mode: S_IFDIR | 0o755, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
  const mtime = node.record.uploaded_at ? Math.floor(Date.parse(node.record.uploaded_at) / 1000) || 0 : 0;
  return { mode: S_IFREG | 0o644, uid: 0, gid: 0, size: node.record.size ?? 0, atime: mtime, mtime };
}

/** A READDIR entry; `longname` is what `ls -l` prints (some clients parse it: keep it standard). */
export function toFileEntry(node: Node): FileEntry {
  const attrs = attributesOf(node);
  const type = node.kind === "dir" ? "drwxr-xr-x" : "-rw-r--r--";
  const date = new Date(attrs.mtime * 1000).toISOString().slice(0, 16).replace("T", " ");
  return {
    filename: node.name,
    longname: `${type}    1 partner  partner  ${String(attrs.size).padStart(12)} ${date} ${node.name}`,
    attrs,
  };
}
