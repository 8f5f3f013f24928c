import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

/** The first lines of the generated file: what it is and how to remake it. */
const HEADER = `// Generated from the Worker's OpenAPI document by \`npm run client:types\` (openapi-typescript).
// Do not edit: change the API's zod schemas and run the script again; a test fails when this drifts.
`;

/**
 * The TypeScript types (`paths`, `components`, …) for an OpenAPI document,
 * as the text of `client/schema.d.ts`. Deterministic: the same document
 * gives the same text, so the committed file can be compared with it.
 */
export async function renderClientTypes(document: object): Promise<string> {
  // defaultNonNullable: false keeps fields with a default (`params`) optional in request bodies.
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}
