import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

type Schema = { [keyword: string]: unknown };

export const ANSWER_SCHEMAS_FILE = join(__dirname, '../../apps/sales-api/src/open-api/answer-schemas.json');
const ANSWER_TYPES_FILE = join(__dirname, '../../apps/sales-api/src/open-api/answers.ts');

/** OpenAPI 3.0 component names allow letters, digits, `.`, `-` and `_`: `Page<TaskResource>` becomes `Page_TaskResource`. */
const componentName = (definition: string): string =>
  decodeURIComponent(definition)
    .replace(/[^A-Za-z0-9.\-_]+/g, '_')
    .replace(/_+$/, '');

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON Schema as the generator writes it (draft 7), as a schema of OpenAPI 3.1 (JSON Schema 2020-12):
 * references into the components, tuples as `prefixItems`, no draft-7 leftovers.
 */
export function toOpenApiSchema(schema: Schema): Schema {
  const converted: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === '$ref') converted.$ref = `#/components/schemas/${componentName(String(value).replace('#/definitions/', ''))}`;
    else if (keyword === 'markdownDescription' || keyword === '$schema') continue;
    else if (keyword === 'items' && Array.isArray(value)) converted.prefixItems = value.map((item) => toOpenApiSchema(item as Schema));
    else if (keyword === 'properties' || keyword === 'definitions')
      converted[keyword] = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, property]) => [name, toOpenApiSchema(property)]));
    else if (Array.isArray(value) && (keyword === 'anyOf' || keyword === 'oneOf' || keyword === 'allOf')) converted[keyword] = value.map((item) => toOpenApiSchema(item as Schema));
    else if (isSchema(value) && (keyword === 'additionalProperties' || keyword === 'items' || keyword === 'not')) converted[keyword] = toOpenApiSchema(value);
    else converted[keyword] = value;
  }
  return converted;
}

/**
 * The OpenAPI component schemas of every answer the API documents, derived from the TypeScript
 * types in `ApiAnswers`: each key becomes a component, and so does every named type it uses.
 */
export function generateAnswerSchemas(): Record<string, Schema> {
  const generated = createGenerator({
    path: ANSWER_TYPES_FILE,
    tsconfig: join(__dirname, '../../tsconfig.json'),
    type: 'ApiAnswers',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('ApiAnswers');
  const definitions = generated.definitions as Record<string, Schema>;
  const answers = definitions.ApiAnswers.properties as Record<string, Schema>;
  const components: Record<string, Schema> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    if (name !== 'ApiAnswers') components[componentName(name)] = toOpenApiSchema(definition);
  }
  for (const [name, answer] of Object.entries(answers)) {
    const converted = toOpenApiSchema(answer);
    if (converted.$ref !== `#/components/schemas/${name}`) components[name] = converted;
  }
  return Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
}
