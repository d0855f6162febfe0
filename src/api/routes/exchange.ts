/**
 * POST /api/import — a JSON bundle, GEXF, GraphML or .mpx (recognised by content), or CSV files as
 * multipart/form-data, validated as the CLI does and written in one transaction (all or nothing);
 * GET /api/export — the stored network as a file.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { collectionToCsv, readCsvFiles, type CsvFile } from '../../exchange/csv.ts';
import { TIE_VIEWS, type TieView } from '../../exchange/graph.ts';
import { graphDocument } from '../../exchange/graph-formats.ts';
import { bundleToJson } from '../../exchange/json.ts';
import { readBundleBytes } from '../../exchange/read.ts';
import { COLLECTION_KEYS, type CollectionKey } from '../../exchange/model.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { exportBundle } from '../../store/export.ts';
import { importBundle } from '../../store/import.ts';
import type { RouteContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { DOCUMENTED_BODY } from '../plugins/openapi.ts';
import { ERRORS, Problem } from '../schemas.ts';
import { writerLabel } from '../write-requests.ts';

const ImportQuery = Type.Object(
  {
    replace: Type.Boolean({
      default: false,
      description: 'make the stored network exactly the bundle (delete what it lacks)',
    }),
  },
  { additionalProperties: false },
);

const ImportReport = Type.Object({
  collections: Type.Record(Type.String(), Type.Object({ rows: Type.Integer(), written: Type.Integer() })),
  deleted: Type.Integer(),
  changed: Type.Boolean(),
  graphVersion: Type.Optional(Type.Integer()),
  importId: Type.String({
    description: 'the id of this import: its audit entry names it (GET /api/audit?id=…)',
  }),
});

const FORMATS = {
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  gexf: { type: 'application/gexf+xml; charset=utf-8', extension: 'gexf' },
  graphml: { type: 'application/graphml+xml; charset=utf-8', extension: 'graphml' },
} as const;

const ExportQuery = Type.Object(
  {
    format: Type.String({ enum: Object.keys(FORMATS), default: 'json' }),
    collection: Type.Optional(
      Type.String({
        enum: [...COLLECTION_KEYS],
        description: 'for csv: the collection (one file per collection; default participants)',
      }),
    ),
    ties: Type.String({
      enum: [...TIE_VIEWS],
      default: 'mixed',
      description:
        'for gexf, graphml: mixed keeps each tie as it is (lossless, read back by the import); directed ' +
        'writes undirected ties as two arcs, undirected drops directions (for networkx, igraph)',
    }),
  },
  { additionalProperties: false },
);

/**
 * The import's body as the document describes it. The import reads the bytes itself, through the one
 * validator the CLI uses (exchange/read.ts), so this schema documents and does not check: a row's fields
 * are those of docs/exchange-format.md, and a row the format refuses is a 422 that names it.
 */
const BundleRow = Type.Object(
  {},
  { additionalProperties: true, description: 'a row of the collection (docs/exchange-format.md)' },
);
const BundleBody = Type.Object(
  {
    meta: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'what the bundle is (not stored)' }),
    ),
    ...Object.fromEntries(COLLECTION_KEYS.map((key) => [key, Type.Optional(Type.Array(BundleRow))])),
  },
  { additionalProperties: false, description: 'a JSON bundle of the exchange format' },
);
const GraphFile = Type.String({ description: 'GEXF, GraphML or .mpx text (recognised by content)' });

/** Content types whose body the import reads as bytes (besides JSON and multipart CSV). */
const IMPORT_BYTE_TYPES = [
  'application/gexf+xml',
  'application/graphml+xml',
  'application/xml',
  'text/xml',
  'application/octet-stream',
  'text/plain',
];

const exchangeRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store, version }) => {
  // The body limit holds for the whole request, not per file: the parts are counted together below.
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  await app.register(multipart, {
    limits: { files: COLLECTION_KEYS.length + 1, fields: 10, fileSize: bodyLimit },
    throwFileSizeLimit: true,
  });
  // The import reads the body's bytes itself, as the CLI reads a file's, through the one validator
  // (invalid UTF-8, depth, syntax errors with their position, reserved names): in this plugin only.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  // Graph files and anything else sent as bytes: the format is recognised by content (exchange/read.ts).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(IMPORT_BYTE_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/import',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Import a JSON bundle, GEXF, GraphML or .mpx (recognised by content), or CSV files (multipart); all or nothing; needs an API key',
        tags: ['exchange'],
        security: [{ apiKey: [] }],
        querystring: ImportQuery,
        // In the document only (plugins/openapi.ts): the import reads the bytes itself (see BundleBody).
        [DOCUMENTED_BODY]: {
          content: {
            'application/json': { schema: BundleBody },
            'multipart/form-data': {
              schema: Type.Object({
                files: Type.Array(Type.String({ format: 'binary' }), {
                  description: 'CSV files named after their collections (participants.csv, ties.csv, …)',
                }),
              }),
            },
            ...Object.fromEntries(IMPORT_BYTE_TYPES.map((type) => [type, { schema: GraphFile }])),
          },
        },
        response: { 200: ImportReport, 409: Problem, 415: Problem, 422: Problem, ...ERRORS },
      },
    },
    async (request) => {
      let raw;
      if (request.isMultipart()) {
        const files: CsvFile[] = [];
        let bytes = 0;
        // A multipart Content-Type without a boundary is the client's mistake (busboy throws a plain Error).
        if (!/boundary=/i.test(request.headers['content-type'] ?? '')) {
          throw new InvalidArgumentError(
            'multipart/form-data needs a boundary parameter (Content-Type: multipart/form-data; boundary=…)',
          );
        }
        for await (const part of request.files()) {
          const buffer = await part.toBuffer();
          bytes += buffer.length;
          if (bytes > bodyLimit) {
            throw new HttpError(
              413,
              `the uploaded files exceed ${bodyLimit} bytes together; nothing was written`,
            );
          }
          files.push({ name: part.filename, bytes: buffer });
        }
        raw = readCsvFiles(files, 'upload');
      } else {
        // No body at all (no Content-Type either, so no parser ran): say what to send, not a 500.
        if (!Buffer.isBuffer(request.body)) {
          throw new InvalidArgumentError(
            'the request has no body: send a JSON bundle (application/json), CSV files (multipart/form-data), GEXF or GraphML',
          );
        }
        const json = request.headers['content-type']?.startsWith('application/json') === true;
        raw = readBundleBytes(request.body, 'request body', json ? { assume: 'json' } : {});
      }
      try {
        return await importBundle(store, raw, {
          replace: request.query.replace,
          auditClient: writerLabel(request),
        });
      } finally {
        // This server's own writes are seen at once, not after the version clock's interval.
        version.invalidate();
      }
    },
  );

  app.get(
    '/export',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The stored network as a JSON bundle, one CSV collection, GEXF or GraphML',
        tags: ['exchange'],
        querystring: ExportQuery,
        response: {
          200: {
            description: 'the file, in the asked format',
            content: {
              'application/json': { schema: Type.Object({}, { additionalProperties: true }) },
              'text/csv': { schema: Type.String() },
              'application/gexf+xml': { schema: Type.String() },
              'application/graphml+xml': { schema: Type.String() },
            },
          },
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format as keyof typeof FORMATS;
      const bundle = await exportBundle(store);
      let body: string;
      let name = 'clusterlens';
      if (format === 'json') body = bundleToJson(bundle);
      else if (format === 'csv') {
        const collection = (request.query.collection ?? 'participants') as CollectionKey;
        body = collectionToCsv(collection, bundle[collection] as unknown as Record<string, unknown>[]);
        name = collection;
      } else {
        body = graphDocument(bundle, format, request.query.ties as TieView);
      }
      return reply
        .type(FORMATS[format].type)
        .header('content-disposition', `attachment; filename="${name}.${FORMATS[format].extension}"`)
        .send(body);
    },
  );
};

export default exchangeRoutes;
