import fc from 'fast-check';

/**
 * Requests generated from the OpenAPI document: every operation, with path parameters, query
 * strings, headers and bodies drawn from what the document says (its enums, examples and required
 * fields, and the ids of records that exist) and, as often, from what it does not (wrong types,
 * nulls, arrays for objects, unknown fields, garbage text, odd encodings, long and unusual strings).
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { operationId?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

export type FuzzRequest = { operation: string; method: string; path: string; headers: Record<string, string>; body?: string };

/** Ids of records that exist, by the kind of id a parameter or field names. */
export type KnownIds = {
  opportunity: string[];
  account: string[];
  contact: string[];
  quote: string[];
  line: string[];
  order: string[];
  task: string[];
  activity: string[];
  target: string[];
  user: string[];
  product: string[];
  stream: string[];
};

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

export const operationsOf = (document: OpenApiDocument): Array<{ name: string; method: string; path: string; operation: Operation }> =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })),
  );

/** Strings that have broken parsers somewhere: control and bidi characters, encodings, prototype keys, long ones. */
const oddString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\u001b[31mred',
      '\u202eevil',
      '__proto__',
      'constructor',
      'toString',
      '%',
      '%FF',
      '%00',
      '../..',
      '-1',
      '0',
      '1e400',
      'NaN',
      'null',
      'true',
      '[]',
      '{}',
      '$where',
      '{"$gt":""}',
      '2027-02-30',
      '0000-01-01',
      '9999-12-31',
      '2027-03-31T25:00:00Z',
    ),
    fc.integer({ min: 90, max: 140 }).map((n) => 'x'.repeat(n)),
  );

const oddNumber = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: -1000, max: 1_000_000 }),
    fc.constantFrom(0, -0, -1, 0.5, 1e12, 1e12 + 1, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, Number.MIN_VALUE),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );

const dateString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('2027-03-31', '2030-12-31', '2017-06-01', '2026-11-28', '2099-01-01', '0000-01-01', '2027-02-30', '2027-13-01', '27-3-31'),
    fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  );

const pick = (ids: string[]): fc.Arbitrary<string> => (ids.length === 0 ? fc.uuid() : fc.constantFrom(...ids));

/** Which known ids a parameter or field named so would take (`opportunityId`, `intoAccountId`, `lineId`, ...). */
const idsNamed = (name: string, path: string, ids: KnownIds): string[] => {
  const lower = name.toLowerCase();
  if (lower === 'id') {
    const resource = path.split('/')[1];
    const byResource: Record<string, string[]> = {
      opportunities: ids.opportunity,
      accounts: ids.account,
      quotes: ids.quote,
      orders: ids.order,
      tasks: ids.task,
      activities: ids.activity,
      targets: ids.target,
      imports: [],
    };
    return byResource[resource] ?? [];
  }
  if (lower.includes('opportunity')) return ids.opportunity;
  if (lower.includes('account')) return ids.account;
  if (lower.includes('contact')) return ids.contact;
  if (lower.includes('quote')) return ids.quote;
  if (lower.includes('line')) return ids.line;
  if (lower.includes('order')) return ids.order;
  if (lower.includes('task')) return ids.task;
  if (lower.includes('activity')) return ids.activity;
  if (['userid', 'ownerid', 'assigneeid', 'managerid', 'subjectid', 'agent', 'manager', 'assignee'].includes(lower)) return ids.user;
  if (lower === 'code' || lower === 'productcode' || lower === 'product') return ids.product;
  if (lower === 'streamname') return ids.stream;
  return [];
};

const stringFor = (name: string, path: string, schema: Schema, ids: KnownIds, evil: boolean): fc.Arbitrary<string> => {
  const known = idsNamed(name, path, ids);
  const example = typeof schema.example === 'string' ? [fc.constant(schema.example)] : [];
  const lower = name.toLowerCase();
  const dates = /date|until|on$|from|to$|period|asof|month|occurredat/.test(lower) ? [dateString()] : [];
  const currencies = lower.includes('currency') ? [fc.constantFrom('USD', 'EUR', 'JPY', 'usd', 'US', 'ZZZ')] : [];
  return fc.oneof(
    ...(known.length > 0 ? [{ arbitrary: pick(known), weight: 6 }] : []),
    ...example.map((arbitrary) => ({ arbitrary, weight: 4 })),
    ...dates.map((arbitrary) => ({ arbitrary, weight: 4 })),
    ...currencies.map((arbitrary) => ({ arbitrary, weight: 4 })),
    ...(evil || known.length + example.length + dates.length + currencies.length === 0
      ? [
          { arbitrary: fc.uuid(), weight: 1 },
          { arbitrary: oddString(), weight: 2 },
        ]
      : []),
  );
};

const resolve = (schema: Schema, document: OpenApiDocument): Schema =>
  schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!], document) : schema;

const evilValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(null, [], {}, '', 0, -1, true, false, 'x'.repeat(500), 1e308, '\u0000', '\u202e'),
    oddString(),
    oddNumber(),
    fc.jsonValue({ maxDepth: 3 }),
  );

/** A value for a schema; with `evil`, any node may instead be a value of another type, or wrapped in an array. */
export function valueFor(schema: Schema, name: string, path: string, document: OpenApiDocument, ids: KnownIds, evil: boolean, depth = 0): fc.Arbitrary<unknown> {
  const own = ownValueFor(resolve(schema, document), name, path, document, ids, evil, depth);
  if (!evil) return own;
  return fc.oneof(
    { arbitrary: own, weight: 8 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: evilValue(), weight: 1 },
    { arbitrary: own.map((value) => [value]), weight: 1 },
  );
}

function ownValueFor(schema: Schema, name: string, path: string, document: OpenApiDocument, ids: KnownIds, evil: boolean, depth: number): fc.Arbitrary<unknown> {
  const next = (child: Schema, childName: string): fc.Arbitrary<unknown> => valueFor(child, childName, path, document, ids, evil, depth + 1);
  if (depth > 6) return fc.constant(null);
  if (schema.allOf) return next(schema.allOf[0], name);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => next(alternative, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'string':
          return stringFor(name, path, schema, ids, evil);
        case 'number':
        case 'integer':
          return fc.oneof(
            { arbitrary: typeof schema.example === 'number' ? fc.constant(schema.example) : fc.integer({ min: 0, max: 10_000 }), weight: 4 },
            { arbitrary: fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000_000 }), weight: 3 },
            ...(evil ? [{ arbitrary: oddNumber(), weight: 1 }] : []),
          );
        case 'boolean':
          return fc.boolean();
        case 'array':
          return fc.array(next(schema.items ?? {}, name), { maxLength: 4 });
        default: {
          // A field documented as `object` without properties is a scalar the DTO could not describe (a nullable profile field).
          if (!schema.properties) return schema.example === undefined ? fc.jsonValue({ maxDepth: 2 }) : fc.constant(schema.example);
          const record = Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, next(property, key)]));
          const complete = fc.record(record, { requiredKeys: schema.required ?? [] });
          return evil ? fc.oneof(complete, fc.record(record, { requiredKeys: [] }), fc.constant({})) : complete;
        }
      }
    }),
  );
}

/** Bodies that are not the document's JSON at all. */
const rawBody = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', 'null', '[]', '{}', '"text"', '42', 'true', '{"a":', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '\u0000', '{"a":1,"a":2}'),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.integer({ min: 10, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 10, max: 3000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

const headerValue = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
    fc.constantFrom('', ' ', 'x'.repeat(201), '"0"', '"1"', '*', 'W/"0"', '"0", "1"', '"03"', 'abc', '-1', '0', '1e3'),
    fc.uuid(),
  );

const contentType = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 12 },
    {
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/merge-patch+json',
        'application/xml',
        ';;;',
      ),
      weight: 2,
    },
  );

const queryString = (parameters: Parameter[], path: string, document: OpenApiDocument, ids: KnownIds, evil: boolean): fc.Arbitrary<string> => {
  const value = (parameter: Parameter): fc.Arbitrary<string> =>
    parameter.name === 'minPosition'
      ? // A valid position the log has not reached waits 3 s and then answers 503 read-model-behind, as documented: not what is fuzzed here.
        evil
        ? fc.oneof(fc.constantFrom('0', '1', '10', '1.1', '-1', 'x', '99999999999999999999999', '1.2.3'), oddString())
        : fc.constantFrom('0', '1', '10')
      : !evil
        ? valueFor(parameter.schema ?? { type: 'string' }, parameter.name, path, document, ids, false).map(String)
        : fc.oneof(
          { arbitrary: valueFor(parameter.schema ?? { type: 'string' }, parameter.name, path, document, ids, false).map(String), weight: 6 },
          { arbitrary: oddString(), weight: 2 },
          { arbitrary: oddNumber().map(String), weight: 1 },
        );
  const encoded = (text: string): fc.Arbitrary<string> =>
    evil
      ? fc.oneof({ arbitrary: fc.constant(encodeURIComponent(text)), weight: 8 }, { arbitrary: fc.constant(text.replace(/[#&\s]/g, '')), weight: 1 })
      : fc.constant(encodeURIComponent(text));
  const declared = parameters.map((parameter) =>
    fc.option(
      fc.array(value(parameter), { minLength: 1, maxLength: 2 }).chain((values) =>
        fc.tuple(...values.map((text) => encoded(text))).map((parts) => parts.map((part) => `${parameter.name}=${part}`).join('&')),
      ),
      { freq: 2, nil: undefined },
    ),
  );
  const extra = fc.option(fc.constantFrom('unknown=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'a[b]=c', '=', '&&', 'limit', '%zz=1', 'q=%FF'), {
    freq: 6,
    nil: undefined,
  });
  return fc.tuple(fc.tuple(...declared), evil ? extra : fc.constant(undefined)).map(([parts, more]) => [...parts, more].filter((part) => part !== undefined).join('&'));
};

/** One arbitrary request, for any operation of the document: half of them well-formed (so that commands succeed and records move on), half hostile. */
export function fuzzRequests(document: OpenApiDocument, ids: KnownIds, tokens: Record<string, string>): fc.Arbitrary<FuzzRequest> {
  const requests = operationsOf(document).flatMap(({ name, method, path, operation }) => [false, true].map((evil) => requestFor(name, method, path, operation, document, ids, tokens, evil)));
  return fc.oneof(...requests);
}

function requestFor(
  name: string,
  method: string,
  path: string,
  operation: Operation,
  document: OpenApiDocument,
  ids: KnownIds,
  tokens: Record<string, string>,
  evil: boolean,
): fc.Arbitrary<FuzzRequest> {
  const bearer = (token: string | undefined): string | undefined => (token === undefined ? undefined : `Bearer ${token}`);
  const authorization = evil
    ? fc.oneof(
        { arbitrary: fc.constantFrom(tokens.admin, tokens.manager, tokens.rep).map(bearer), weight: 12 },
        { arbitrary: fc.constantFrom(tokens.auditor, tokens.analyst).map(bearer), weight: 2 },
        { arbitrary: fc.constantFrom(undefined, 'Bearer', 'Bearer x.y.z', `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${tokens.admin}x`), weight: 1 },
      )
    : fc.constantFrom(tokens.admin, tokens.manager, tokens.rep, tokens.rep).map(bearer);
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const pathValues = fc.tuple(
    ...pathParameters.map((parameter) =>
      evil
        ? fc.oneof(
            { arbitrary: stringFor(parameter.name, path, parameter.schema ?? {}, ids, true).map(encodeURIComponent), weight: 8 },
            { arbitrary: fc.constantFrom('%FF', '%', '%E0%A4%A', 'a%00b', '%2F', '..', '.', 'x'.repeat(120)), weight: 1 },
          )
        : stringFor(parameter.name, path, parameter.schema ?? {}, ids, false).map(encodeURIComponent),
    ),
  );
  const jsonSchema = operation.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<string | undefined> = !evil
    ? jsonSchema
      ? valueFor(jsonSchema, '', path, document, ids, false).map((value) => JSON.stringify(value))
      : fc.constant(undefined)
    : jsonSchema
      ? fc.oneof(
          { arbitrary: valueFor(jsonSchema, '', path, document, ids, true).map((value) => JSON.stringify(value)), weight: 8 },
          { arbitrary: rawBody(), weight: 3 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        )
      : method === 'GET'
        ? fc.constant(undefined)
        : fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: rawBody(), weight: 1 });
  const optionalHeader = (header: string): fc.Arbitrary<[string, string] | undefined> =>
    fc.option(headerValue().map((value): [string, string] => [header, value]), { freq: 3, nil: undefined });
  const others = evil
    ? fc.tuple(
        optionalHeader('if-match'),
        optionalHeader('idempotency-key'),
        optionalHeader('x-correlation-id'),
        optionalHeader('x-min-position'),
        fc.option(
          fc.constantFrom('text/csv', 'application/json', '*/*', 'application/xml', 'text/html').map((value): [string, string] => ['accept', value]),
          { freq: 4, nil: undefined },
        ),
      )
    : fc.tuple(fc.option(fc.uuid().map((key): [string, string] => ['idempotency-key', key]), { freq: 4, nil: undefined }));
  return fc
    .record({
      pathValues,
      query: queryString(
        parameters.filter((parameter) => parameter.in === 'query'),
        path,
        document,
        ids,
        evil,
      ),
      authorization,
      body,
      contentType: evil ? contentType() : fc.constant('application/json'),
      others,
    })
    .map(({ pathValues: values, query, authorization: auth, body: text, contentType: type, others: extraHeaders }): FuzzRequest => {
      let index = 0;
      const filled = path.replace(/\{[^}]+\}/g, () => values[index++]);
      const headers = Object.fromEntries(extraHeaders.filter((header) => header !== undefined));
      return {
        operation: name,
        method,
        path: query ? `${filled}?${query}` : filled,
        headers: { ...headers, ...(auth ? { authorization: auth } : {}), ...(text === undefined ? {} : { 'content-type': type }) },
        ...(text === undefined ? {} : { body: text }),
      };
    });
}
