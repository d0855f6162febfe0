/**
 * The measures of the registry as the API describes them (GET /api/facets lists them, GET /api/analysis
 * answers with one): shared by both routes, so that neither imports the other.
 */
import { Type } from '@fastify/type-provider-typebox';
import { MEASURES } from '../analysis/registry.ts';

export const ParameterDescriptor = Type.Object({
  name: Type.String(),
  type: Type.Union([
    Type.Literal('number'),
    Type.Literal('integer'),
    Type.Literal('boolean'),
    Type.Literal('string'),
  ]),
  default: Type.Union([Type.Number(), Type.Boolean(), Type.String()]),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  choices: Type.Optional(Type.Array(Type.String())),
  description: Type.String(),
});

export const MeasureSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  reference: Type.String(),
  parameters: Type.Array(ParameterDescriptor),
});

export const measureSummaries = () =>
  MEASURES.map(({ id, title, kind, description, reference, parameters }) => ({
    id,
    title,
    kind,
    description,
    reference,
    parameters,
  }));
