import { ADMIN_TOKEN, api } from "./real-worker";

export type Credentials = { id: string; username: string; password?: string; pgp_public_key: string };
export type FileListing = Array<{ path: string; status: string; error: string | null; size: number | null }>;

/** A fresh project on the real Worker, with the public API calls the sidecar tests make on it. */
export async function createProject(workerUrl: string, name: string) {
  const project = await api(workerUrl, "POST", "/v2/admin/projects", { key: ADMIN_TOKEN, body: { name } });
  if (project.status !== 201) throw new Error(`creating a project answered ${project.status}: ${project.text}`);
  const key = project.json.api_key as string;
  return {
    key,
    /** SFTP credentials (201), `body` over a password login named "orders feed". */
    async createCredentials(body: Record<string, unknown> = { auth: "password" }): Promise<Credentials> {
      const res = await api(workerUrl, "POST", "/v2/partner/sftp-credentials", { key, body: { name: "orders feed", ...body } });
      if (res.status !== 201) throw new Error(`creating credentials answered ${res.status}: ${res.text}`);
      return res.json;
    },
    /** The credential's files as the files API lists them. */
    async filesOf(credentialsId: string): Promise<FileListing> {
      return (await api(workerUrl, "GET", `/v2/partner/sftp-credentials/${credentialsId}/files`, { key })).json.data;
    },
  };
}
