import { err, ok, type Result } from "../domain/result";

export type UrlRefusal = { code: "source_refused"; message: string };

export type GuardOptions = {
  /** Lets loopback addresses (and plain http to them) through, for local development and tests. */
  allowLoopback: boolean;
};

type AddressClass = "public" | "loopback" | "private" | "link_local" | "reserved";

/**
 * Decides whether the service may fetch a partner's URL: https only, no
 * credentials in the URL, and no loopback, private, link-local, CGNAT,
 * metadata or reserved address, in any spelling. (The URL parser already
 * turns decimal, octal, hex and short IPv4 forms into dotted quads, and
 * IPv4-mapped IPv6 into hex groups, which are unpacked here.) Pure.
 */
export function checkFetchUrl(raw: string, opts: GuardOptions): Result<URL, UrlRefusal> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("not a valid URL");
  }
  if (url.username || url.password) return refuse("URLs with credentials are not fetched");
  const host = url.hostname.toLowerCase();
  const cls = classifyHost(host);
  const loopbackAllowed = cls === "loopback" && opts.allowLoopback;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopbackAllowed)) return refuse("only https URLs are fetched");
  if (cls !== "public" && !loopbackAllowed) return refuse(`${host} is a ${cls.replace("_", "-")} address`);
  return ok(url);
}

const refuse = (message: string) => err<UrlRefusal>({ code: "source_refused", message });

function classifyHost(host: string): AddressClass {
  if (host.startsWith("[")) return classifyIpv6(host.slice(1, -1));
  const v4 = parseIpv4(host);
  if (v4) return classifyIpv4(v4);
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (host === "metadata" || host.endsWith(".internal") || host.endsWith(".local") || !host.includes(".")) return "private";
  return "public";
}

function parseIpv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function classifyIpv4([a, b, c]: number[]): AddressClass {
  if (a === 127) return "loopback";
  if (a === 169 && b === 254) return "link_local"; // includes 169.254.169.254, cloud metadata
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b! >= 64 && b! <= 127) return "private"; // CGNAT, incl. 100.100.100.200 metadata
  if (a === 0 || a! >= 224 || (a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && (b === 18 || b === 19))) return "reserved";
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return "reserved";
  return "public";
}

function classifyIpv6(addr: string): AddressClass {
  const groups = expandIpv6(addr);
  if (!groups) return "reserved";
  const [g0, , , , , g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroUpTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroUpTo(7) && g7 === 1) return "loopback";
  if (zeroUpTo(8)) return "reserved";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  const embedded = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  if (zeroUpTo(5) && (g5 === 0xffff || g5 === 0)) return classifyIpv4(embedded);
  if (g0 === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return classifyIpv4(embedded);
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local, incl. fd00:ec2::254 metadata
  if ((g0 & 0xffc0) === 0xfe80) return "link_local";
  if ((g0 & 0xff00) === 0xff00 || g0 === 0x2001 && groups[1] === 0x0db8) return "reserved";
  return "public";
}

/** Eight 16-bit groups, or null when not IPv6. */
function expandIpv6(addr: string): number[] | null {
  let text = addr;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const q = parseIpv4(v4[1]!);
    if (!q) return null;
    text = text.slice(0, -v4[1]!.length) + `${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split("::");
  if (rest.length > 0) return null;
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : []);
  const left = parse(head);
  const right = parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  return groups.some(Number.isNaN) ? null : groups;
}
