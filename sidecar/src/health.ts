import { createServer, type Server } from "node:http";

/**
 * A plain HTTP endpoint that answers 200 to anything once the SFTP port is listening: the
 * Cloudflare Container class checks a container's readiness with an HTTP request, which an
 * SSH port cannot answer. It reveals nothing but "up".
 */
export function startHealthServer(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    req.resume();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
