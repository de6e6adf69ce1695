import { readFileSync, writeFileSync } from 'node:fs';
import { ANSWER_SCHEMAS_FILE, generateAnswerSchemas, toOpenApiSchema } from './answer-schemas';

describe('the answer schemas of the OpenAPI document', () => {
  it('are the ones the answer types give today (npm run openapi:answers writes them)', () => {
    const generated = generateAnswerSchemas();
    if (process.env.UPDATE_ANSWER_SCHEMAS === '1') writeFileSync(ANSWER_SCHEMAS_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    expect(JSON.parse(readFileSync(ANSWER_SCHEMAS_FILE, 'utf8'))).toEqual(generated);
  });

  it('point references into the components of the document', () => {
    expect(toOpenApiSchema({ anyOf: [{ $ref: '#/definitions/Money' }, { type: 'null' }] })).toEqual({ anyOf: [{ $ref: '#/components/schemas/Money' }, { type: 'null' }] });
  });

  it('name a generic type by what OpenAPI 3.0 allows in a component name', () => {
    expect(toOpenApiSchema({ $ref: '#/definitions/Page%3CTaskResource%3E' })).toEqual({ $ref: '#/components/schemas/Page_TaskResource' });
  });
});
