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
 * IPv4-mapped IPv6 into hex groups, which are unpacked here.) Every IPv6
 * form that carries an IPv4 address is judged by that address; a name's
 * trailing dot is ignored. Pure.
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

function classifyHost(raw: string): AddressClass {
  if (raw.startsWith("[")) return classifyIpv6(raw.slice(1, -1));
  // "localhost." is localhost: a name's trailing dots (the DNS root) never change what it names.
  const host = raw.replace(/\.+$/, "");
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
  const g = groups as [number, number, number, number, number, number, number, number];
  const zeroUpTo = (n: number) => groups.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  if (zeroUpTo(8)) return "reserved";
  const embedded = embeddedIpv4(g);
  if (embedded) return embedded.map(classifyIpv4).find((c) => c !== "public") ?? (embedded.localUse ? "reserved" : "public");
  if ((g[0] & 0xfe00) === 0xfc00) return "private"; // unique local, incl. fd00:ec2::254 metadata
  if ((g[0] & 0xffc0) === 0xfe80) return "link_local";
  // multicast, documentation 2001:db8::/32, discard 100::/64
  if ((g[0] & 0xff00) === 0xff00 || (g[0] === 0x2001 && g[1] === 0x0db8) || (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0)) return "reserved";
  return "public";
}

const quad = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];

/**
 * The IPv4 addresses an IPv6 address carries, by the standard that embeds
 * them: each is classified as the address it leads to. `localUse` marks the
 * NAT64 local-use prefix, never a public address whatever it embeds.
 */
function embeddedIpv4(g: [number, number, number, number, number, number, number, number]): (number[][] & { localUse?: boolean }) | null {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d (SIIT)
  if (zero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return [quad(g[6], g[7])];
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return [quad(g[6], g[7])];
  // NAT64 well-known prefix 64:ff9b::/96
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return [quad(g[6], g[7])];
  // NAT64 local-use 64:ff9b:1::/48 (RFC 8215): the operator picks where the IPv4 sits; the /96 spot is checked
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return Object.assign([quad(g[6], g[7])], { localUse: true });
  // 6to4 2002:AABB:CCDD::/48
  if (g[0] === 0x2002) return [quad(g[1], g[2])];
  // Teredo 2001:0::/32: the server's address, and the client's with every bit flipped
  if (g[0] === 0x2001 && g[1] === 0) return [quad(g[2], g[3]), quad(~g[6] & 0xffff, ~g[7] & 0xffff)];
  // ISATAP: any prefix, interface identifier 0000:5efe or 0200:5efe
  if ((g[4] === 0 || g[4] === 0x0200) && g[5] === 0x5efe) return [quad(g[6], g[7])];
  return null;
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
