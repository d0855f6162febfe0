/**
 * The OpenAPI 3 document, generated from the route schemas, at /docs/json and browsable at /docs.
 *
 * The document is meant to describe the server exactly (docs/api-contract.md), so two passes finish
 * what the route schemas alone cannot say:
 * - once: a query parameter with a default is not required (the route schemas fill the default in, so
 *   their TypeBox types have no `undefined`); every error response is `application/problem+json`.
 * - per graph version: the filter parameters (`kinds`, `clusters`, `layers`, `indicator` …) list the
 *   values that exist, as enums, because the server refuses any other value with a 400 (strict reads:
 *   src/api/plugins/known-values.ts). A client, or a fuzzer, reading the document then knows exactly
 *   which requests are valid.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FILTER_PARAMETERS, type KnownValues } from '../../domain/known-values.ts';
import { hasStrictQuery } from '../strict-queries.ts';

/** What the per-version pass needs: the known filter values and the participants' ids. */
export interface DocumentValues {
  known: KnownValues;
  /** Participant ids, for `exclude`; omitted when there are too many to list (it stays a described string). */
  participants?: string[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  schema?: Record<string, unknown>;
}
type Operation = {
  parameters?: Parameter[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
};
type Document = { paths?: Record<string, Record<string, Operation>> };

const operations = (doc: Document): Operation[] =>
  Object.values(doc.paths ?? {}).flatMap((methods) => Object.values(methods));

/**
 * JSON Schema's numeric `exclusiveMinimum: n` (TypeBox writes it so) in OpenAPI 3.0's form, `minimum: n`
 * with `exclusiveMinimum: true`: a 3.0 reader (schemathesis, code generators) refuses the numeric form.
 */
function exclusiveBoundsAs30(schema: unknown): void {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) return schema.forEach(exclusiveBoundsAs30);
  const s = schema as Record<string, unknown>;
  for (const [bound, flag] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof s[flag] === 'number') {
      s[bound] = s[flag];
      s[flag] = true;
    }
  }
  for (const value of Object.values(s)) exclusiveBoundsAs30(value);
}

/** Parameters with defaults are optional; error bodies are problem documents; 3.0's exclusive bounds. */
export function describeAsServed<T>(document: T): T {
  exclusiveBoundsAs30((document as Document).paths);
  for (const op of operations(document as Document)) {
    for (const p of op.parameters ?? []) {
      if (p.in === 'query' && p.schema && 'default' in p.schema) p.required = false;
    }
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      const json = response.content?.['application/json'];
      if (Number(status) >= 400 && json) response.content = { 'application/problem+json': json };
    }
  }
  return document;
}

/** Comma-separated list parameters (the plural names); the others take one value. */
const isList = (name: string) => name.endsWith('s');

/**
 * Operations whose `layers` are stored layers only: the suggestions rank by ties of stored layers (shared
 * platforms are a feature of their own there), so the derived `platform` layer is refused (400).
 */
const STORED_LAYERS_ONLY = new Set(['/api/participants/{id}/suggestions', '/api/suggestions/model']);

/** The filter parameters as enums of what exists now (a copy of the document is changed). */
export function withKnownValues<T>(document: T, values: DocumentValues): T {
  for (const [path, methods] of Object.entries((document as Document).paths ?? {})) {
    // Strict reads are the GET routes' and the write-back routes' (a posted panel's `cluster` is a column).
    const strict = Object.entries(methods).filter(([method]) => hasStrictQuery(method, path));
    for (const p of strict.flatMap(([, op]) => op.parameters ?? [])) {
      if (p.in !== 'query') continue;
      const domain = FILTER_PARAMETERS[p.name];
      let allowed = domain ? values.known[domain] : p.name === 'exclude' ? values.participants : undefined;
      if (!allowed) continue;
      if (p.name === 'layers' && STORED_LAYERS_ONLY.has(path))
        allowed = allowed.filter((l) => l !== 'platform');
      const description = p.description ?? p.schema?.description;
      if (isList(p.name) || p.name === 'exclude') {
        // `layers=a,b`: an array in OpenAPI's form style without explode. Empty items are ignored (as
        // `layers=` is no filter), so the empty string is a valid item; repeats are harmless.
        p.style = 'form';
        p.explode = false;
        p.schema = { type: 'array', items: { type: 'string', enum: ['', ...allowed] } };
      } else {
        // An empty value is no filter where the route's own schema lets it through (`kind=`).
        const emptyPasses = !p.schema?.pattern && !p.schema?.minLength;
        p.schema = { type: 'string', enum: emptyPasses ? ['', ...allowed] : allowed };
      }
      if (description) p.description = String(description);
    }
  }
  return document;
}

/**
 * 405 for the methods a path does not have. OpenAPI 3.0 describes the operations a path has and nothing
 * about the others (a response cannot be declared for a method without declaring that method, which would
 * tell clients the method exists), so the rule is stated once, here, and checked by the tests
 * (api-contract.test.ts; schemathesis's unsupported_method and allow_header_conformance).
 */
const METHOD_NOT_ALLOWED_NOTE =
  'A method that a path under /api does not list is answered 405 Method Not Allowed, a problem document, ' +
  'with an Allow header naming the methods the path has (HEAD wherever GET is).';

/**
 * A route schema's key for a request body that the document describes and Fastify does not check: the
 * import reads its body's bytes itself, through the exchange format's validator (the one the CLI uses),
 * so a `body` schema would make Fastify validate bytes against a bundle's shape. The document shows it as
 * the route's body.
 */
export const DOCUMENTED_BODY = 'documentedBody';

function withDocumentedBody({ schema, url }: { schema: Record<string, unknown>; url: string }) {
  if (!schema || !(DOCUMENTED_BODY in schema)) return { schema, url };
  const { [DOCUMENTED_BODY]: body, ...rest } = schema;
  return { schema: { ...rest, body }, url };
}

const valuesOf = new WeakMap<FastifyRequest, DocumentValues>();

export async function registerOpenApi(
  app: FastifyInstance,
  documentValues?: () => Promise<DocumentValues>,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'clusterlens API',
        description:
          'Network analysis of regional industrial clusters: participants, clusters, platforms and their ' +
          'multilayer ties in Neo4j; centralities, communities, collaboration gaps, partner suggestions and ' +
          'difference-in-differences estimates. Errors are RFC 9457 application/problem+json. The filter ' +
          'parameters list the values the stored network has now (the document follows the data). ' +
          METHOD_NOT_ALLOWED_NOTE,
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A key from CLUSTERLENS_API_KEYS' },
        },
      },
      tags: [
        { name: 'health', description: 'Service state' },
        { name: 'entities', description: 'Participants, clusters, platforms, projects' },
        { name: 'network', description: 'The network and the metacorporation' },
        { name: 'analysis', description: 'Measures from the registry' },
        { name: 'suggestions', description: 'Partner suggestions' },
        { name: 'gaps', description: 'Collaboration gaps' },
        { name: 'did', description: 'Difference-in-differences' },
        { name: 'exchange', description: 'Import and export' },
        { name: 'writes', description: 'Granular writes for portals and their audit trail (an API key)' },
      ],
    },
    transform: withDocumentedBody as never,
    transformObject: (document) =>
      describeAsServed('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The values are read (once per graph version, cached by the caller) before the sync transform runs;
    // without a database the document is served without them rather than not at all.
    uiHooks: {
      preHandler: async (request: FastifyRequest) => {
        if (!documentValues || !request.url.includes('/json')) return;
        const values = await documentValues().catch(() => undefined);
        if (values) valuesOf.set(request, values);
      },
    },
    transformSpecificationClone: true,
    transformSpecification: (document, request) => {
      const values = valuesOf.get(request);
      return values ? withKnownValues(document, values) : document;
    },
  });
}
