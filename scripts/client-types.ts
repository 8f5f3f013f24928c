// `npm run client:types`: regenerates client/schema.d.ts from the Worker's OpenAPI document.
import { writeFileSync } from "node:fs";
import { apiDocument } from "../client/codegen/api-document";
import { renderClientTypes } from "../client/codegen/render-types";

const target = new URL("../client/schema.d.ts", import.meta.url);
writeFileSync(target, await renderClientTypes(apiDocument()));
console.log(`wrote ${target.pathname}`);
