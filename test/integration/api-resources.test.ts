/** The API's read resources through app.inject, against the real Neo4j with the demo imported. */
import { gunzipSync } from 'node:zlib';
import { UndirectedGraph } from 'graphology';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type TestApp } from '../helpers/app.ts';

// graphology-metrics' PageRank: an implementation independent of ours (src/analysis/centrality/spectral.ts).
const graphologyPagerank = pagerankModule as unknown as (
  graph: UndirectedGraph,
  options: Record<string, unknown>,
) => Record<string, number>;

let t: TestApp;
const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
};

beforeAll(async () => {
  t = await demoApp();
});
afterAll(async () => t.close());

describe('GET /api/facets', () => {
  it('lists the layers, clusters, kinds, indicators and measures of the data', async () => {
    const { status, body } = await get('/api/facets');
    expect(status).toBe(200);
    expect(body.layers.map((l: { id: string }) => l.id)).toEqual(t.demo.layers.map((l) => l.id).sort());
    expect(body.clusters).toHaveLength(t.demo.clusters.length);
    expect(body.participants).toBe(t.demo.participants.length);
    expect(body.kinds).toEqual([...new Set(t.demo.participants.map((p) => p.kind))].sort());
    const years = t.demo.ties.map((tie) => tie.since!).filter((y) => y !== undefined);
    expect(body.years).toEqual({ min: Math.min(...years), max: Math.max(...years) });
    expect(body.indicators.map((i: { id: string }) => i.id)).toContain('output_per_worker');
    expect(body.measures.map((m: { id: string }) => m.id)).toContain('pagerank');
  });
});

describe('participants', () => {
  it('pages through every participant exactly once with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/participants?limit=50${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(50);
      seen.push(...body.items.map((p: { id: string }) => p.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(t.demo.participants.map((p) => p.id).sort());
  });

  it('filters by kind, cluster, platform, region and text', async () => {
    const universities = t.demo.participants
      .filter((p) => p.kind === 'university')
      .map((p) => p.id)
      .sort();
    expect(
      (await get('/api/participants?kind=university&limit=100')).body.items.map((p: { id: string }) => p.id),
    ).toEqual(universities);
    const stanko = t.demo.memberships
      .filter((m) => m.cluster === 'stanko')
      .map((m) => m.participant)
      .sort();
    expect(
      (await get('/api/participants?cluster=stanko&limit=1000')).body.items.map((p: { id: string }) => p.id),
    ).toEqual(stanko);
    const onCastings = t.demo.memberships
      .filter((m) => m.platform === 'castings')
      .map((m) => m.participant)
      .sort();
    expect(
      (await get('/api/participants?platform=castings&limit=1000')).body.items.map(
        (p: { id: string }) => p.id,
      ),
    ).toEqual(onCastings);
    const target = t.demo.participants.find((p) => p.id === 'ri-dolina')!;
    const word = target.name.split(' ')[0]!.toUpperCase();
    const found = (await get(`/api/participants?q=${encodeURIComponent(word)}&limit=1000`)).body.items;
    expect(found.map((p: { id: string }) => p.id)).toContain('ri-dolina');
    for (const p of found)
      expect(p.name.toLowerCase().includes(word.toLowerCase()) || p.id.includes(word.toLowerCase())).toBe(
        true,
      );
  });

  it('returns one participant whole: memberships, ties by layer, indicators', async () => {
    const { status, body } = await get('/api/participants/ri-dolina');
    expect(status).toBe(200);
    expect(body.kind).toBe('research_institute');
    expect(body.clusters.map((c: { id: string }) => c.id)).toEqual(
      t.demo.memberships
        .filter((m) => m.participant === 'ri-dolina' && m.cluster)
        .map((m) => m.cluster)
        .sort(),
    );
    const ties = t.demo.ties.filter((tie) => tie.source === 'ri-dolina' || tie.target === 'ri-dolina');
    const byLayer = Object.values(body.ties as Record<string, unknown[]>).reduce(
      (n, list) => n + list.length,
      0,
    );
    expect(byLayer).toBe(ties.length);
    const observations = t.demo.observations.filter((o) => o.participant === 'ri-dolina');
    expect(body.indicators).toHaveLength(observations.length);
    expect(JSON.stringify(body)).not.toMatch(/"low"/);
  });

  it('answers an unknown participant with 404 and a too-large page with 400', async () => {
    const missing = await get('/api/participants/no-such-participant');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toMatch(/not-found$/);
    const tooMany = await get('/api/participants?limit=100000');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.type).toMatch(/invalid-request$/);
    expect(tooMany.body.errors[0].field).toBe('/limit');
  });
});

describe('clusters, platforms and projects', () => {
  it('lists each with member counts and returns each with its members', async () => {
    for (const [entity, field] of [
      ['clusters', 'cluster'],
      ['platforms', 'platform'],
      ['projects', 'project'],
    ] as const) {
      const list = await get(`/api/${entity}?limit=1000`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual(
        t.demo[entity].map((c) => c.id).sort(),
      );
      for (const item of list.body.items) {
        const members = t.demo.memberships
          .filter((m) => m[field] === item.id)
          .map((m) => m.participant)
          .sort();
        expect(item.members).toBe(members.length);
        const one = await get(`/api/${entity}/${item.id}`);
        expect(one.body.members.map((m: { id: string }) => m.id)).toEqual(members);
      }
      expect((await get(`/api/${entity}/nothing`)).status).toBe(404);
    }
  });
});

describe('GET /api/network', () => {
  it('returns every participant and tie, with positions, in graphology format', async () => {
    const { status, body } = await get('/api/network');
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    expect(body.graph.nodes).toHaveLength(t.demo.participants.length);
    expect(body.graph.edges).toHaveLength(t.demo.ties.length);
    for (const node of body.graph.nodes) {
      expect(Number.isFinite(node.attributes.x) && Number.isFinite(node.attributes.y)).toBe(true);
    }
    const keys = new Set(body.graph.edges.map((e: { key: string }) => e.key));
    expect(keys.size).toBe(body.graph.edges.length);
  });

  it('filters layers and years, adds the platform layer, and cuts to the limit', async () => {
    const rnd = await get('/api/network?layers=rnd');
    expect(rnd.body.graph.edges).toHaveLength(t.demo.ties.filter((tie) => tie.layer === 'rnd').length);
    const recent = await get('/api/network?since=2015');
    expect(recent.body.graph.edges).toHaveLength(
      t.demo.ties.filter((tie) => (tie.since ?? 0) >= 2015).length,
    );
    const platform = await get('/api/network?layers=platform');
    expect(platform.body.graph.edges.length).toBeGreaterThan(0);
    expect(
      platform.body.graph.edges.every(
        (e: { attributes: { layer: string } }) => e.attributes.layer === 'platform',
      ),
    ).toBe(true);
    const cut = await get('/api/network?limit=10');
    expect(cut.body.truncated).toBe(true);
    expect(cut.body.graph.nodes).toHaveLength(10);
    expect(cut.body.total.nodes).toBe(t.demo.participants.length);
    // The ten kept are the best connected.
    const degree = new Map<string, number>();
    for (const tie of t.demo.ties)
      for (const end of [tie.source, tie.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
    const tenth = [...degree.values()].sort((a, b) => b - a)[9]!;
    for (const node of cut.body.graph.nodes) expect(degree.get(node.key)).toBeGreaterThanOrEqual(tenth);
    expect((await get('/api/network?layers=nope')).status).toBe(400);
    expect((await get('/api/network?limit=0')).status).toBe(400);
  });
});

describe('GET /api/metacorporation', () => {
  it('returns the levels, from authorities to participants, and those outside every cluster', async () => {
    const { status, body } = await get('/api/metacorporation');
    expect(status).toBe(200);
    expect(body.levels.map((l: { id: string }) => l.id)).toEqual([
      'authorities',
      'regional_agencies',
      'cluster_development_centers',
      'clusters',
      'participants',
      'outside_clusters',
    ]);
    expect(body.levels[3].members).toHaveLength(t.demo.clusters.length);
    expect(body.links.some((l: { kind: string }) => l.kind === 'membership')).toBe(true);
  });

  it('gives every governance link both ends on a level: those outside every cluster have their own', async () => {
    const { body } = await get('/api/metacorporation');
    type Level = { id: string; members: { id: string }[] };
    const onLevel = new Set((body.levels as Level[]).flatMap((l) => l.members.map((m) => m.id)));
    const governance = (body.links as { kind: string; source: string; target: string }[]).filter(
      (l) => l.kind === 'governance',
    );
    // The demo's governance ties with an upper-level end (the query's rule), counted from the seed.
    const upperKinds = ['government_body', 'regional_agency', 'cluster_development_center'];
    const kind = new Map(t.demo.participants.map((p) => [p.id, p.kind]));
    const upper = (id: string) => upperKinds.includes(kind.get(id) ?? '');
    const seeded = t.demo.ties.filter(
      (tie) => tie.layer === 'governance' && (upper(tie.source) || upper(tie.target)),
    );
    expect(governance).toHaveLength(seeded.length);
    for (const l of governance) {
      expect(onLevel.has(l.source), l.source).toBe(true);
      expect(onLevel.has(l.target), l.target).toBe(true);
    }
    // The sixth level: governed participants in no cluster, none of them a cluster member.
    const outside = (body.levels as Level[]).find((l) => l.id === 'outside_clusters')!;
    // Cluster memberships only (the bundle's memberships also hold the platforms').
    const members = new Set(t.demo.memberships.filter((m) => m.cluster).map((m) => m.participant));
    expect(outside.members.length).toBeGreaterThan(0);
    for (const m of outside.members) {
      expect(members.has(m.id), m.id).toBe(false);
      expect(upper(m.id)).toBe(false);
      expect(governance.some((l) => l.source === m.id || l.target === m.id)).toBe(true);
    }
  });
});

describe('GET /api/analysis/{measure}', () => {
  it('lists every measure of the registry with a route each', async () => {
    const { body } = await get('/api/analysis');
    for (const m of body.measures) {
      const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
      expect(docs.paths[`/api/analysis/${m.id}`]).toBeDefined();
    }
  });

  it('computes PageRank as graphology-metrics does on the same ties', async () => {
    const { status, body } = await get('/api/analysis/pagerank?layers=rnd&tolerance=1e-12');
    expect(status).toBe(200);
    const graph = new UndirectedGraph();
    for (const p of t.demo.participants) graph.addNode(p.id);
    for (const tie of t.demo.ties.filter((x) => x.layer === 'rnd')) graph.mergeEdge(tie.source, tie.target);
    const expected = graphologyPagerank(graph, {
      alpha: 0.85,
      tolerance: 1e-14,
      maxIterations: 10_000,
      getEdgeWeight: null,
    });
    for (const [id, value] of Object.entries(expected)) expect(body.values[id]).toBeCloseTo(value, 8);
    // `top`: the highest values only, and how many there are in all.
    const top = (await get('/api/analysis/pagerank?layers=rnd&tolerance=1e-12&top=5')).body;
    const best = Object.entries(body.values as Record<string, number>)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5);
    expect(top.values).toEqual(Object.fromEntries(best));
    expect(top.of).toBe(t.demo.participants.length);
    // The same request again is served from the cache: identical.
    expect((await get('/api/analysis/pagerank?layers=rnd&tolerance=1e-12')).body).toEqual(body);
  });

  it('gzips large cached results for clients that accept gzip, and only for them', async () => {
    const url = '/api/analysis/pagerank?layers=rnd';
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    for (const accept of ['gzip', 'br;q=1.0, gzip;q=0.8, *;q=0.1', '*']) {
      const zipped = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } });
      expect(zipped.headers['content-encoding'], accept).toBe('gzip');
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    }
    for (const accept of ['identity', 'gzip;q=0', 'br']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } });
      expect(response.headers['content-encoding'], accept).toBeUndefined();
    }
    // A small body goes as it is, whatever the client accepts.
    const small = await t.app.inject({
      method: 'GET',
      url: '/api/analysis/pagerank?layers=rnd&top=1',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().of).toBe(t.demo.participants.length);
  });

  it('returns communities with their modularity and rejects unknown or out-of-range parameters', async () => {
    const { body } = await get('/api/analysis/leiden?seed=7');
    expect(body.algorithm).toBe('leiden');
    expect(Object.keys(body.communities)).toHaveLength(t.demo.participants.length);
    expect(body.modularity).toBeGreaterThan(0.3);
    const unknown = await get('/api/analysis/pagerank?resolution=1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('resolution');
    const outside = await get('/api/analysis/pagerank?alpha=1.5');
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('/alpha');
    expect((await get('/api/analysis/no-such-measure')).status).toBe(404);
  });
});

describe('GET /api/participants/{id}/suggestions', () => {
  it('ranks partners the participant has no tie with, each with parts and an explanation', async () => {
    const { status, body } = await get('/api/participants/ri-dolina/suggestions?layers=rnd&limit=5');
    expect(status).toBe(200);
    expect(body.participant).toBe('ri-dolina');
    expect(body.suggestions).toHaveLength(5);
    const partners = new Set(
      t.demo.ties
        .filter((tie) => tie.layer === 'rnd' && (tie.source === 'ri-dolina' || tie.target === 'ri-dolina'))
        .map((tie) => (tie.source === 'ri-dolina' ? tie.target : tie.source)),
    );
    let previous = Infinity;
    for (const s of body.suggestions) {
      expect(partners.has(s.id)).toBe(false);
      expect(s.id).not.toBe('ri-dolina');
      expect(s.score).toBeLessThanOrEqual(previous);
      previous = s.score;
      const sum = Object.values(s.parts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(s.score, 9);
      expect(s.explanation.length).toBeGreaterThan(0);
      expect(s.probability).toBeGreaterThan(0);
      for (const c of s.common) expect(partners.has(c)).toBe(true);
    }
    expect(body.model.method).toBe('logistic-regression');
  });

  it('describes the learned model, and the fixed weights still answer when asked', async () => {
    const { status, body } = await get('/api/suggestions/model');
    expect(status).toBe(200);
    expect(body.method).toBe('logistic-regression');
    expect(body.split).toMatchObject({ method: 'years', featuresUpTo: 2014, labelsTo: 2017 });
    expect(body.heldOut.auc).toBeGreaterThan(0.5);
    expect(body.features.length).toBeGreaterThan(10);
    const rnd = await get('/api/suggestions/model?layers=rnd');
    expect(rnd.body.layers).toEqual(['rnd']);
    expect((await get('/api/suggestions/model?layers=nope')).status).toBe(400);
    const fixed = await get('/api/participants/ri-dolina/suggestions?scorer=combined&limit=3');
    expect(fixed.body.model).toBeUndefined();
    for (const s of fixed.body.suggestions) expect(s.probability).toBeNull();
    const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(docs.paths['/api/suggestions/model']).toBeDefined();
  });

  it('filters candidates by kind, and answers an unknown participant with 404', async () => {
    const { body } = await get('/api/participants/ri-dolina/suggestions?kinds=startup&limit=20');
    expect(body.suggestions.length).toBeGreaterThan(0);
    for (const s of body.suggestions) expect(s.kind).toBe('startup');
    expect((await get('/api/participants/nobody/suggestions')).status).toBe(404);
    expect((await get('/api/participants/ri-dolina/suggestions?layers=nope')).status).toBe(400);
    expect((await get('/api/participants/ri-dolina/suggestions?scorer=magic')).status).toBe(400);
  });
});

describe('GET /api/gaps', () => {
  it('returns the ranked report, each item with participants to highlight', async () => {
    const { status, body } = await get('/api/gaps?groupBy=kind&limit=3');
    expect(status).toBe(200);
    expect(body.options.groupBy).toBe('kind');
    for (const section of ['brokers', 'brokerage', 'groupGaps', 'composition']) {
      expect(Array.isArray(body[section])).toBe(true);
      body[section].forEach(
        (item: { rank: number; participants: string[]; explanation: string }, i: number) => {
          expect(item.rank).toBe(i + 1);
          expect(item.participants.length).toBeGreaterThan(0);
          expect(item.explanation.length).toBeGreaterThan(0);
        },
      );
    }
    expect(body.brokers.length).toBe(3);
    expect((await get('/api/gaps?groupBy=colour')).status).toBe(400);
  });
});

describe('GET /api/did', () => {
  it('estimates per cluster, with intervals, event studies and the article statistic', async () => {
    const { status, body } = await get('/api/did?indicator=output_per_worker&groupBy=cluster&log=true');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      indicator: 'output_per_worker',
      groupBy: 'cluster',
      estimator: 'cs',
      log: true,
    });
    const dolina = body.groups.find((g: { group: string }) => g.group === 'dolina');
    expect(dolina).toBeDefined();
    const withObservations = new Set(t.demo.observations.map((o) => o.participant));
    const members = t.demo.memberships.filter(
      (m) => m.cluster === 'dolina' && withObservations.has(m.participant),
    );
    expect(dolina.nTreated).toBe(new Set(members.map((m) => m.participant)).size);
    expect(dolina.nControl).toBeGreaterThan(0);
    expect(dolina.ci[0]).toBeLessThan(dolina.att);
    expect(dolina.ci[1]).toBeGreaterThan(dolina.att);
    expect(dolina.percent).toBeCloseTo(Math.exp(dolina.att) - 1, 12);
    expect(dolina.eventStudy.length).toBeGreaterThan(2);
    expect(dolina.articleStatistic).not.toBeNull();
  });

  it('refuses an unknown grouping and an indicator without observations (400, naming the known ones)', async () => {
    expect((await get('/api/did?indicator=output_per_worker&groupBy=colour')).status).toBe(400);
    // An indicator nothing was observed for is a typo to the client: strict reads say which exist.
    const unknown = await get('/api/did?indicator=no_such_indicator');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].allowed).toContain('output_per_worker');
    expect((await get('/api/did')).status).toBe(400);
  });
});
