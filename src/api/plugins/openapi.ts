/** The OpenAPI 3 document, generated from the route schemas, at /docs/json and browsable at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'clusterlens API',
        description:
          'Network analysis of regional industrial clusters: participants, clusters, platforms and their ' +
          'multilayer ties in Neo4j; centralities, communities, collaboration gaps, partner suggestions and ' +
          'difference-in-differences estimates. Errors are RFC 9457 application/problem+json.',
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
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
