import { rangedStream } from "./ranged-stream";
import { safeFetch, type SafeFetchOptions } from "./safe-fetch";
import { sourceErrorForStatus, type SourceReader, type SourceStat } from "./types";
import { skipBytes } from "./skip-bytes";

/**
 * A partner's download URL (`signed_url`). A one-byte Range GET probes it
 * (pre-signed URLs are often valid for GET only, so no HEAD): 206 means byte
 * ranges work and gives the size; 200 means it can only be streamed whole.
 */
export function httpReader(url: string, opts: SafeFetchOptions): SourceReader {
  return {
    async stat(): Promise<SourceStat> {
      const res = await safeFetch(url, { headers: { Range: "bytes=0-0" } }, opts);
      await res.body?.cancel();
      if (res.status === 206) {
        const total = /\/(\d+)$/.exec(res.headers.get("Content-Range") ?? "")?.[1];
        return { size: total === undefined ? null : Number(total), ranges: true };
      }
      if (res.status === 416) return { size: 0, ranges: true };
      if (!res.ok) throw sourceErrorForStatus(res.status, "The source URL");
      const length = res.headers.get("Content-Length");
      return { size: length === null ? null : Number(length), ranges: false };
    },
    async streamFrom(offset, stat) {
      if (stat.ranges && stat.size !== null) {
        return rangedStream(offset, stat.size, async (at, length) => {
          const res = await safeFetch(url, { headers: { Range: `bytes=${at}-${at + length - 1}` } }, opts);
          if (res.status !== 206) throw sourceErrorForStatus(res.status, "The source URL");
          return new Uint8Array(await res.arrayBuffer());
        });
      }
      const res = await safeFetch(url, {}, opts);
      if (!res.ok || !res.body) throw sourceErrorForStatus(res.status, "The source URL");
      // Without ranges, resuming means reading the start again and dropping it.
      return skipBytes(res.body, offset);
    },
  };
}
