/**
 * TypeBox schemas of the DiD answers that more than one route gives: a group's flags (GET /api/did) and the
 * cluster profile (GET /api/clusters/{id}), so that routes/entities.ts need not import routes/did.ts.
 */
import { Type } from '@fastify/type-provider-typebox';

export const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const Flag = Type.Object({
  code: Type.String({
    enum: [
      'pretrend',
      'pretest-unavailable',
      'few-treated',
      'few-controls',
      'small-cohort',
      'single-cohort',
      'no-post-periods',
      'not-estimable',
    ],
  }),
  message: Type.String({ description: 'the reason in words' }),
  blocking: Type.Boolean({ description: 'true: the group is not credible because of it; false: a caution' }),
});

/** The cluster profile (src/did/cluster-profile.ts), part of GET /api/clusters/{id}. */
export const ClusterProfileSchema = Type.Object(
  {
    cluster: Type.String(),
    article: Type.Boolean({
      description:
        "the cluster's members add up to Table 1 of the article (its printed values are given beside)",
    }),
    explanation: Type.String({ description: "why the article's statistic and the DiD differ" }),
    indicators: Type.Array(
      Type.Object({
        indicator: Type.String(),
        name: Type.String(),
        unit: Type.String(),
        aggregation: Type.String(),
        series: Type.Array(
          Type.Object({
            year: Type.Integer(),
            value: Type.Number(),
            members: Type.Integer(),
            articleYear: Type.Boolean({ description: "one of Table 1's years (2005, 2012, 2016, 2017)" }),
            printed: nullableNumber,
          }),
        ),
        articleStatistic: nullableNumber,
        did: Type.Union([
          Type.Object({
            att: nullableNumber,
            effect: Type.Union([
              Type.Object({
                value: Type.Number(),
                lo: nullableNumber,
                hi: nullableNumber,
                unit: Type.String(),
              }),
              Type.Null(),
            ]),
            credible: Type.Boolean(),
            flags: Type.Array(Flag),
            sentence: Type.String(),
          }),
          Type.Null(),
        ]),
      }),
    ),
  },
  { description: "the cluster's own yearly series and the effect of joining it, per indicator" },
);
