import { z } from "zod";

const LoginAnswer = z.object({
  credentials_id: z.string().min(1),
  project_id: z.string().min(1),
  public_key: z.string().nullish(),
});
const KeysAnswer = z.object({ private_key: z.string().min(1), partner_public_key: z.string().nullish() });
const FileRecord = z.object({
  path: z.string(),
  size: z.number().nullish(),
  sha256: z.string().nullish(),
  status: z.string(),
  error: z.string().nullish(),
  uploaded_at: z.string().nullish(),
});
const FilesAnswer = z.object({ files: z.array(FileRecord) });
const UploadAnswer = z.object({ upload_id: z.string().min(1) });
const PartAnswer = z.object({ etag: z.string().min(1) });

export type LoginRequest =
  | { username: string; method: "password"; password: string }
  | { username: string; method: "publickey"; key_algo: string; key_data: string };
export type Login = z.infer<typeof LoginAnswer>;
export type CredentialKeys = { privateKey: string; partnerPublicKey: string | null };
export type FileRecord = z.infer<typeof FileRecord>;
export type CompletedPart = { part_number: number; etag: string };

/** The Worker's internal SFTP API (docs/sftp.md), as the sidecar uses it. */
export interface WorkerApi {
  /** null: refused (unknown user, wrong secret, revoked, wrong method). */
  login(request: LoginRequest): Promise<Login | null>;
  /** null: the credential is revoked or gone. */
  getKeys(credentialsId: string): Promise<CredentialKeys | null>;
  listFiles(credentialsId: string): Promise<FileRecord[]>;
  startUpload(credentialsId: string, path: string): Promise<string>;
  putPart(credentialsId: string, uploadId: string, partNumber: number, bytes: Uint8Array): Promise<string>;
  completeUpload(credentialsId: string, uploadId: string, body: { path: string; parts: CompletedPart[]; size: number; sha256: string }): Promise<FileRecord>;
  abortUpload(credentialsId: string, uploadId: string, body: { path: string; error: string }): Promise<FileRecord>;
}

/** A Worker answered something other than what the contract says. */
export class WorkerError extends Error {
  constructor(
    readonly status: number,
    readonly route: string,
    detail: string,
  ) {
    super(`Worker ${route} answered ${status}${detail ? `: ${detail}` : ""}`);
  }
}

/** The internal API over fetch, `Authorization: Bearer <token>` on every call. */
export function createWorkerClient(options: { baseUrl: string; token: string; fetch?: typeof fetch; timeoutMs?: number }): WorkerApi {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;

  async function call<T>(route: string, init: { method: string; body?: unknown; bytes?: Uint8Array }, schema: z.ZodType<T>, accept: number[] = [200, 201]): Promise<{ status: number; value: T | null }> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    let body: RequestInit["body"];
    if (init.bytes) {
      headers["content-type"] = "application/octet-stream";
      body = init.bytes;
    } else if (init.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.body);
    }
    const res = await doFetch(`${options.baseUrl}${route}`, { method: init.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    if (!accept.includes(res.status)) {
      throw new WorkerError(res.status, `${init.method} ${routeTemplate(route)}`, await errorDetail(res));
    }
    if (res.status !== 200 && res.status !== 201) {
      await res.body?.cancel();
      return { status: res.status, value: null };
    }
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) throw new WorkerError(res.status, `${init.method} ${routeTemplate(route)}`, `unexpected body: ${parsed.error.message}`);
    return { status: res.status, value: parsed.data };
  }

  const base = (id: string) => `/internal/sftp/credentials/${encodeURIComponent(id)}`;

  return {
    async login(request) {
      return (await call("/internal/sftp/login", { method: "POST", body: request }, LoginAnswer, [200, 401])).value;
    },
    async getKeys(id) {
      const { value } = await call(`${base(id)}/keys`, { method: "GET" }, KeysAnswer, [200, 404]);
      return value && { privateKey: value.private_key, partnerPublicKey: value.partner_public_key ?? null };
    },
    async listFiles(id) {
      return (await call(`${base(id)}/files`, { method: "GET" }, FilesAnswer)).value!.files;
    },
    async startUpload(id, path) {
      return (await call(`${base(id)}/uploads`, { method: "POST", body: { path } }, UploadAnswer)).value!.upload_id;
    },
    async putPart(id, uploadId, n, bytes) {
      const route = `${base(id)}/uploads/${encodeURIComponent(uploadId)}/parts/${n}`;
      return (await call(route, { method: "PUT", bytes }, PartAnswer)).value!.etag;
    },
    async completeUpload(id, uploadId, body) {
      return (await call(`${base(id)}/uploads/${encodeURIComponent(uploadId)}/complete`, { method: "POST", body }, FileRecord)).value!;
    },
    async abortUpload(id, uploadId, body) {
      return (await call(`${base(id)}/uploads/${encodeURIComponent(uploadId)}/abort`, { method: "POST", body }, FileRecord)).value!;
    },
  };
}

// Ids stay out of error messages that end up in logs next to other tenants' lines.
function routeTemplate(route: string): string {
  return route.replace(/\/credentials\/[^/]+/, "/credentials/{id}").replace(/\/uploads\/[^/]+/, "/uploads/{upload_id}");
}

async function errorDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (parsed.error) return `${parsed.error.code ?? ""} ${parsed.error.message ?? ""}`.trim().slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}
