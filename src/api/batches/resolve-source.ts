import type { Context } from "hono";
import type { Result } from "../../domain/result";
import type { CreateBatchInput } from "../../durable/batch-record";
import type { AppEnv } from "../../env";
import type { SourceLocation } from "../../sources/location";
import { sourceKinds, type SourceRequest, type StoredSource } from "../../sources/registry";
import type { ResolveContext, Resolved, SourceRefusal } from "../../sources/source-kind";
import { invalidField } from "../http/errors";
import { findOwnUpload } from "../uploads/uploads";

type Resolve = (source: SourceRequest, ctx: ResolveContext) => Promise<Result<Resolved<StoredSource, SourceLocation>, SourceRefusal>>;

/**
 * What the batch keeps of its source and where ingestion will read it, by
 * the rules of the source's kind (src/sources/kinds/). A refusal is a 422
 * `invalid_source` naming the field, so a source that can never be read
 * fails its request, not a batch.
 */
export async function resolveSource(c: Context<AppEnv>, source: SourceRequest): Promise<Pick<CreateBatchInput, "source" | "input">> {
  // Each kind's resolve takes its own request type; the registry pairs them by `kind`, which a union
  // cannot show TypeScript. The locations are checked: src/sources/location.ts.
  const resolve = sourceKinds[source.kind].resolve as Resolve;
  const resolved = await resolve(source, {
    env: c.env,
    projectId: c.get("caller").projectId,
    ownUpload: (url) => findOwnUpload(c, url),
  });
  if (!resolved.ok) throw invalidField(resolved.error.field, resolved.error.message, "invalid_source");
  return resolved.value;
}
