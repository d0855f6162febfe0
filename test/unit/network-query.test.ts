/** The Cypher that the network loader builds for optional filters: statement and parameters. */
import { describe, expect, it } from 'vitest';
import { participantsQuery, tiesQuery } from '../../src/store/network-query.ts';

describe('participantsQuery', () => {
  it('without filters reads every participant', () => {
    const { query, params } = participantsQuery({});
    expect(query.split('\n')[0]).toBe('MATCH (p:Participant)');
    // no filter clause (a WHERE inside the attributes' list comprehension is not one)
    expect(query).not.toMatch(/^\s*WHERE/m);
    expect(params).toEqual({});
  });

  it('puts every filter value in a parameter', () => {
    const built = participantsQuery({
      kinds: ['enterprise'],
      regions: ['lipetsk'],
      clusters: ['dolina'],
      platforms: ["x' OR 1=1"],
    });
    expect(built.query.split('\n').slice(0, 8)).toEqual([
      'MATCH (p:Participant)',
      'WHERE p.kind IN $kind AND p.region IN $region',
      'MATCH (p)-[:MEMBER_OF]->(c:Cluster)',
      'WHERE c.id IN $id',
      'WITH DISTINCT p',
      'MATCH (p)-[:JOINED]->(f:Platform)',
      'WHERE f.id IN $id2',
      'WITH DISTINCT p',
    ]);
    expect(built.params).toEqual({
      kind: ['enterprise'],
      region: ['lipetsk'],
      id: ['dolina'],
      id2: ["x' OR 1=1"],
    });
    expect(built.query).not.toContain('OR 1=1');
  });

  it('ignores empty lists', () => {
    expect(participantsQuery({ kinds: [] })).toEqual(participantsQuery({}));
  });
});

describe('tiesQuery', () => {
  it('filters layers and a year range, for one slice of the sources', () => {
    const built = tiesQuery({ layers: ['rnd', 'supply'], since: 2010, until: 2014 }, { part: 1, parts: 2 });
    expect(built.query.split('\n').slice(0, 5)).toEqual([
      'MATCH (a:Participant)',
      'WHERE id(a) % $parts = $part',
      // Per source in a subquery: the server hands on each source's record as soon as it is made.
      'CALL (a) {',
      'MATCH (a)-[t:TIE]->(b)',
      'WHERE t.layer IN $layer AND t.since >= $lowerTSince AND t.since <= $upperTSince',
    ]);
    expect(built.params).toEqual({
      parts: 2,
      part: 1,
      layer: ['rnd', 'supply'],
      lowerTSince: 2010,
      upperTSince: 2014,
      layerCodes: {},
    });
    expect(built.query).toContain('RETURN toFloat(id(a)) AS source, targets, layers, weights, since');
  });

  it('reads every source in one slice by default', () => {
    expect(tiesQuery({}).params).toEqual({ parts: 1, part: 0, layerCodes: {} });
    expect(tiesQuery({}).query).not.toContain('t.layer IN');
  });

  it('sends layers as their numbers in the given list, a parameter', () => {
    const built = tiesQuery({}, { part: 0, parts: 1 }, ['education', 'rnd', 'supply']);
    expect(built.params.layerCodes).toEqual({ education: 0, rnd: 1, supply: 2 });
    expect(built.query).toContain('collect(coalesce($layerCodes[t.layer], t.layer)) AS layers');
  });

  it('takes an open-ended range', () => {
    expect(tiesQuery({ since: 2015 }).query).toContain('WHERE t.since >= $since');
    expect(tiesQuery({ until: 2011 }).query).toContain('WHERE t.since <= $since');
  });
});
