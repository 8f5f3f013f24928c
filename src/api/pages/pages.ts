import { Hono, type Context } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../http/errors";
import { pageHeaders, type PageKind } from "./page-headers";

/**
 * The dashboard (`GET /`, its files under /dashboard/) and the API docs
 * (`/docs`, Swagger UI under /docs/): static files from the ASSETS binding
 * (public/, wrangler.toml [assets]). The Worker runs first for every path, so
 * only these routes reach the files; a missing file is the API's JSON 404.
 */
export const pageRoutes = new Hono<AppEnv>();

pageRoutes.get("/", (c) => serveAsset(c, "/dashboard/index.html", "dashboard"));
pageRoutes.get("/dashboard/*", (c) => serveAsset(c, c.req.path, "dashboard"));
pageRoutes.get("/docs", (c) => serveAsset(c, "/docs/index.html", "docs"));
pageRoutes.get("/docs/*", (c) => serveAsset(c, c.req.path, "docs"));

async function serveAsset(c: Context<AppEnv>, path: string, kind: PageKind) {
  // A folder is its index.html (`/docs/` as `/docs`); the client's own request, its conditional
  // headers included, for the file's path.
  const file = path.endsWith("/") ? `${path}index.html` : path;
  const res = await c.env.ASSETS.fetch(new Request(new URL(file, c.req.url), c.req.raw));
  if (res.status === 404) throw notFound("File");
  const out = new Response(res.body, res);
  for (const [name, value] of Object.entries(pageHeaders(kind))) out.headers.set(name, value);
  return out;
}
