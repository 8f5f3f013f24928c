import { describe, expect, it } from "vitest";
import { checkFetchUrl } from "../../src/sources/url-guard";

const strict = { allowLoopback: false };
const local = { allowLoopback: true };
const verdict = (url: string, opts = strict) => {
  const r = checkFetchUrl(url, opts);
  return r.ok ? "ok" : r.error.message;
};

describe("checkFetchUrl", () => {
  it("accepts public https URLs", () => {
    expect(verdict("https://files.example.com/export.csv?sig=abc")).toBe("ok");
    expect(verdict("https://93.184.216.34/x.csv")).toBe("ok");
    expect(verdict("https://[2606:4700::6810:85e5]/x")).toBe("ok");
  });

  it("refuses plain http, other schemes and credentials in the URL", () => {
    expect(verdict("http://files.example.com/x")).toMatch(/https/);
    expect(verdict("file:///etc/passwd")).toMatch(/https/);
    expect(verdict("https://user:pw@files.example.com/x")).toMatch(/credentials/);
    expect(verdict("https://files.example.com@127.0.0.1/x")).toMatch(/credentials/);
    expect(verdict("not a url")).toMatch(/valid URL/);
  });

  it.each([
    "https://127.0.0.1/",
    "https://127.1/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0177.0.0.1/",
    "https://localhost/",
    "https://api.localhost/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[0:0:0:0:0:ffff:7f00:1]/",
    "https://[::127.0.0.1]/",
  ])("refuses loopback %s", (url) => {
    expect(verdict(url)).toMatch(/loopback/);
  });

  it.each([
    ["https://10.0.0.8/", /private/],
    ["https://172.16.5.4/", /private/],
    ["https://192.168.1.1/", /private/],
    ["https://100.64.0.1/", /private/],
    ["https://100.100.100.200/", /private/],
    ["https://169.254.169.254/latest/meta-data/", /link-local/],
    ["https://[fe80::1]/", /link-local/],
    ["https://[fd00:ec2::254]/", /private/],
    ["https://[::ffff:169.254.169.254]/", /link-local/],
    ["https://[64:ff9b::a9fe:a9fe]/", /link-local/],
    ["https://[::ffff:10.0.0.1]/", /private/],
    ["https://metadata.google.internal/", /private/],
    // Trailing dots: the same names.
    ["https://localhost./", /loopback/],
    ["https://LOCALHOST../", /loopback/],
    ["https://metadata.google.internal./", /private/],
    ["https://intranet./", /private/],
    // IPv6 forms that carry an IPv4 address, judged by it.
    ["https://[::ffff:0:7f00:1]/", /loopback/], // IPv4-translated (SIIT) 127.0.0.1
    ["https://[::ffff:0:a00:1]/", /private/], // IPv4-translated 10.0.0.1
    ["https://[2002:a9fe:a9fe::]/", /link-local/], // 6to4 of 169.254.169.254
    ["https://[2002:c0a8:101::1]/", /private/], // 6to4 of 192.168.1.1
    ["https://[64:ff9b:1::a9fe:a9fe]/", /link-local/], // NAT64 local-use
    ["https://[64:ff9b:1::808:808]/", /reserved/], // NAT64 local-use, whatever it carries
    ["https://[2001:0:a9fe:a9fe::ffff:ffff]/", /link-local/], // Teredo via a link-local server
    ["https://[2001:0:808:808::f5ff:fffe]/", /private/], // Teredo client 10.0.0.1 (bits flipped)
    ["https://[fe80::5efe:a9fe:a9fe]/", /link-local/], // ISATAP
    ["https://[2001:db8::5efe:a00:1]/", /private/], // ISATAP under a public-looking prefix
    ["https://[100::1]/", /reserved/], // discard-only
    ["https://intranet/", /private/],
    ["https://0.0.0.0/", /reserved/],
    ["https://[::]/", /reserved/],
    ["https://224.0.0.1/", /reserved/],
  ])("refuses %s", (url, reason) => {
    expect(verdict(url)).toMatch(reason);
  });

  it("lets loopback, also over http, through only with the local-dev flag", () => {
    expect(verdict("http://127.0.0.1:9000/x.csv", local)).toBe("ok");
    expect(verdict("http://localhost:9000/x.csv", local)).toBe("ok");
    expect(verdict("http://[::1]:9000/x.csv", local)).toBe("ok");
  });

  it("keeps link-local, metadata and private addresses refused even with the flag", () => {
    expect(verdict("http://169.254.169.254/", local)).not.toBe("ok");
    expect(verdict("https://169.254.169.254/", local)).toMatch(/link-local/);
    expect(verdict("https://10.1.2.3/", local)).toMatch(/private/);
    expect(verdict("http://files.example.com/x", local)).toMatch(/https/);
  });
});
