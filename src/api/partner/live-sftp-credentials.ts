import type { Context } from "hono";
import { openDb } from "../../db/client";
import { findSftpCredentials } from "../../db/sftp";
import type { AppEnv } from "../../env";
import { notFound } from "../http/errors";

/** Credentials the sidecar may act for: revoked ones are 404 at once, like unknown ones. */
export async function loadLiveSftpCredentials(c: Context<AppEnv>, id: string) {
  const row = await findSftpCredentials(openDb(c.env.DB), id);
  if (!row || row.revokedAt) throw notFound("SFTP credentials");
  return row;
}
