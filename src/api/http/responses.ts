import type { z } from "@hono/zod-openapi";
import { ErrorResponse } from "../batches/schemas";

const error = (description: string) => ({ description, content: { "application/json": { schema: ErrorResponse } } });

/** Response entries shared by routes, for the OpenAPI document. */
export const errorResponses = {
  400: error("Malformed request (bad JSON or header)"),
  401: error("Missing, unknown or revoked credentials"),
  404: error("Not found (also another project's resource)"),
  409: error("Conflicts with the resource's state or an earlier request"),
  410: error("The batch's results are past retention"),
  413: error("Request body too large"),
  416: error("The byte range starts past the end of the file"),
  422: error("Validation failed; `details` lists each bad field"),
  503: error("A dependency failed; nothing was recorded, send the request again"),
} as const;

export const pick = <K extends keyof typeof errorResponses>(...codes: K[]) =>
  Object.fromEntries(codes.map((c) => [c, errorResponses[c]])) as Pick<typeof errorResponses, K>;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const bearerSecurity = [{ bearerAuth: [] }];
