import { Container } from "@cloudflare/containers";

/** What the sidecar container needs from the Worker's environment (production only). */
type SidecarContainerEnv = {
  /** The shared secret of the internal routes, handed to the sidecar as its SIDECAR_TOKEN. */
  SIDECAR_TOKEN?: string;
  /** The Worker's public https URL, which the sidecar calls back (its WORKER_URL). */
  SFTP_WORKER_URL?: string;
};

/**
 * The SFTP sidecar (sidecar/Dockerfile) as a Cloudflare Container, bound only in
 * `[env.production]`. Its readiness is checked over HTTP on the sidecar's health port (8080);
 * the SFTP port (2222) is raw TCP, which a Container does not take from the Internet: see the
 * docs/sftp.md ("SFTP in production") for how partners reach port 22.
 */
export class SftpSidecarContainer extends Container<SidecarContainerEnv> {
  override defaultPort = 8080;
  // An SFTP endpoint must not go to sleep between partners' uploads.
  override sleepAfter = "720h";

  constructor(ctx: DurableObjectState<{}>, env: SidecarContainerEnv) {
    super(ctx, env);
    this.envVars = {
      SIDECAR_TOKEN: env.SIDECAR_TOKEN ?? "",
      WORKER_URL: env.SFTP_WORKER_URL ?? "",
      SFTP_HOST: "0.0.0.0",
      SFTP_PORT: "2222",
      SIDECAR_HEALTH_PORT: "8080",
    };
  }
}
