// Checks a syntax tree against grammar/ast.schema.json: for tools that read ASTs as JSON,
// and for tests that keep the schema and ast.ts in step. The schema is compiled once.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import schema from "./ast.schema.json" with { type: "json" };

const validate = new Ajv2020({ allErrors: true, discriminator: true, strict: true }).compile(schema);

/** Problems with the tree, each starting with where it is (`/body/0/span: …`); empty when valid. */
export function validateAst(program: unknown): string[] {
  if (validate(program)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === "" ? "/" : e.instancePath;
  return `${where}: ${e.message ?? e.keyword}${detail(e)}`;
}

/** What ajv's message leaves out: which property, which value. */
function detail(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") return ` (\`${String(params["additionalProperty"])}\`)`;
  if (e.keyword === "discriminator") return ` (got ${JSON.stringify(params["tagValue"])})`;
  if (e.keyword === "const") return ` (${JSON.stringify(params["allowedValue"])})`;
  if (e.keyword === "enum") return ` (${JSON.stringify(params["allowedValues"])})`;
  return "";
}
