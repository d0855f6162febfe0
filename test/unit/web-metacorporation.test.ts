import { describe, expect, it } from 'vitest';
import type { Metacorporation } from '../../web/src/api.ts';
import { LEVEL_COLORS, OUTSIDE_GROUP, metacorporationGraph } from '../../web/src/metacorporation.ts';

const data: Metacorporation = {
  graphVersion: 1,
  platforms: [],
  levels: [
    {
      level: 1,
      id: 'authorities',
      name: 'Government bodies (ГУ)',
      members: [{ id: 'gov', name: 'Администрация' }],
    },
    {
      level: 2,
      id: 'regional_agencies',
      name: 'Regional agencies (РВ)',
      members: [{ id: 'agency', name: 'Управление' }],
    },
    {
      level: 3,
      id: 'cluster_development_centers',
      name: 'ЦКР',
      members: [{ id: 'ckr', name: 'Центр кластерного развития' }],
    },
    {
      level: 4,
      id: 'clusters',
      name: 'Industry clusters',
      members: [
        { id: 'valley', name: 'Долина машиностроения' },
        { id: 'white', name: 'Кластер бытовой техники' },
      ],
    },
    {
      level: 5,
      id: 'participants',
      name: 'Cluster participants',
      members: [
        { id: 'p1', name: 'ООО «Литпром»', kind: 'enterprise' },
        { id: 'p2', name: 'ПАО «Фрезмаш»', kind: 'enterprise' },
        { id: 'p3', name: 'АО «Электромотор»', kind: 'enterprise' },
      ],
    },
  ],
  links: [
    { source: 'gov', target: 'agency', kind: 'governance', weight: 2 },
    { source: 'agency', target: 'ckr', kind: 'governance' },
    { source: 'ckr', target: 'valley', kind: 'coordination' },
    { source: 'valley', target: 'p1', kind: 'membership', since: 2012 },
    { source: 'valley', target: 'p2', kind: 'membership', since: 2013 },
    { source: 'white', target: 'p3', kind: 'membership', since: 2015 },
    { source: 'white', target: 'p2', kind: 'membership', since: 2016 },
    { source: 'valley', target: 'nobody', kind: 'membership' },
  ],
};

describe('web metacorporation view (Fig. 2 levels)', () => {
  const { graph, legend, linkLegend, framing } = metacorporationGraph(data);

  it('draws one row per level, authorities on top, participants at the bottom', () => {
    const y = (id: string) => graph.getNodeAttribute(id, 'y');
    expect(y('gov')).toBeGreaterThan(y('agency'));
    expect(y('agency')).toBeGreaterThan(y('ckr'));
    expect(y('ckr')).toBeGreaterThan(y('valley'));
    expect(y('valley')).toBe(y('white'));
    expect(y('valley')).toBeGreaterThan(y('p1'));
    expect(graph.getNodeAttribute('gov', 'color')).toBe(LEVEL_COLORS[0]);
    expect(graph.getNodeAttribute('p1', 'category')).toBe('participants');
  });

  it('places participants under their first cluster', () => {
    const x = (id: string) => graph.getNodeAttribute(id, 'x');
    // p2 is in both clusters; it sits with the first one it was linked to, the valley.
    expect(Math.abs(x('p1') - x('valley'))).toBeLessThan(Math.abs(x('p1') - x('white')));
    expect(Math.abs(x('p2') - x('valley'))).toBeLessThan(Math.abs(x('p2') - x('white')));
    expect(Math.abs(x('p3') - x('white'))).toBeLessThan(Math.abs(x('p3') - x('valley')));
  });

  it('keeps every link between drawn members as a directed edge, and counts them by kind', () => {
    expect(graph.order).toBe(8);
    expect(graph.size).toBe(7);
    expect(graph.directedSize).toBe(7);
    expect(Object.fromEntries(linkLegend.items.map((i) => [i.key, i.count]))).toEqual({
      governance: 2,
      coordination: 1,
      membership: 4,
    });
    expect(legend.items.map((i) => i.count)).toEqual([1, 1, 1, 2, 3]);
    expect(framing).toEqual(new Set(['gov', 'agency', 'ckr', 'valley', 'white']));
  });
});

describe('governance lines routed through the levels', () => {
  // The government's tie straight to a participant, and a participant's tie up to the centre.
  const routed = metacorporationGraph({
    ...data,
    links: [
      ...data.links,
      { source: 'gov', target: 'p1', kind: 'governance' },
      { source: 'p2', target: 'ckr', kind: 'governance' },
    ],
  });
  const level = (id: string) => data.levels.findIndex((l) => l.members.some((m) => m.id === id));

  it('draws every governance segment between adjacent levels (or within one)', () => {
    const segments = routed.graph.filterEdges((_e, a) => a.layer === 'governance');
    expect(segments.length).toBeGreaterThan(0);
    for (const e of segments) {
      const [s, t] = routed.graph.extremities(e);
      expect(Math.abs(level(s) - level(t))).toBeLessThanOrEqual(1);
    }
  });

  it('follows the hierarchy: government → agency → centre → cluster → participant', () => {
    const has = (s: string, t: string) =>
      routed.graph.someEdge((_e, a, src, tgt) => a.layer === 'governance' && src === s && tgt === t);
    for (const [s, t] of [
      ['gov', 'agency'],
      ['agency', 'ckr'],
      ['ckr', 'valley'],
      ['valley', 'p1'],
    ] as const)
      expect(has(s, t), `${s} → ${t}`).toBe(true);
    expect(routed.graph.hasNode('p1') && has('gov', 'p1')).toBe(false);
    // The upward tie keeps its direction: p2 → its cluster → the centre.
    expect(has('p2', 'valley') && has('valley', 'ckr')).toBe(true);
  });

  it('counts each tie once in the legend, however many segments carry it', () => {
    const ties = data.links.filter((l) => l.kind === 'governance').length + 2;
    const item = routed.linkLegend.items.find((i) => i.key === 'governance')!;
    expect(item.count).toBe(ties);
    // The shared segment gov → agency carries the original tie and the routed one.
    const trunk = routed.graph
      .edges('gov', 'agency')
      .find((e) => routed.graph.getEdgeAttribute(e, 'layer') === 'governance')!;
    expect(routed.graph.getEdgeAttribute(trunk, 'weight')).toBe(2);
  });
});

describe('web metacorporation view: what it cannot draw', () => {
  it('says how many governance ties have an end on no level', () => {
    const withOutsiders: Metacorporation = {
      ...data,
      links: [
        ...data.links,
        { source: 'agency', target: 'outsider-1', kind: 'governance' },
        { source: 'outsider-2', target: 'gov', kind: 'governance' },
      ],
    };
    const view = metacorporationGraph(withOutsiders);
    expect(view.outsideClusters).toBe(2);
    const governance = view.linkLegend.items.find((i) => i.key === 'governance')!;
    expect(governance.count).toBe(2); // the two drawn ties of the fixture, as before
    expect(governance.label).toContain('2 more without an end on the levels, not drawn');
    expect(metacorporationGraph(data).outsideClusters).toBe(0);
  });
});

describe('web metacorporation view: participants outside every cluster', () => {
  // The API's sixth level: those outside every cluster that an upper level governs.
  const withOutside: Metacorporation = {
    ...data,
    levels: [
      ...data.levels,
      {
        level: 6,
        id: 'outside_clusters',
        name: 'Not in a cluster (governed directly)',
        members: [
          { id: 'out-1', name: 'ООО «Агромаш»', kind: 'enterprise' },
          { id: 'out-2', name: 'ЗАО «Флюид»', kind: 'enterprise' },
        ],
      },
    ],
    links: [
      ...data.links,
      { source: 'gov', target: 'out-1', kind: 'governance' },
      { source: 'agency', target: 'out-1', kind: 'governance' },
      { source: 'out-2', target: 'ckr', kind: 'governance' },
    ],
  };
  const view = metacorporationGraph(withOutside);
  const y = (id: string) => view.graph.getNodeAttribute(id, 'y');

  it('draws them on the participants’ row under a group of their own on the clusters’ row', () => {
    expect(y(OUTSIDE_GROUP)).toBe(y('valley'));
    expect(y('out-1')).toBe(y('p1'));
    expect(view.graph.getNodeAttribute('out-1', 'category')).toBe('outside_clusters');
    const x = (id: string) => view.graph.getNodeAttribute(id, 'x');
    expect(Math.abs(x('out-1') - x(OUTSIDE_GROUP))).toBeLessThan(Math.abs(x('out-1') - x('white')));
    const item = view.legend.items.find((i) => i.key === 'outside_clusters')!;
    expect(item.count).toBe(2);
  });

  it('draws every governance tie: the drawn segments carry each of them, the legend counts them all', () => {
    const ties = withOutside.links
      .filter((l) => l.kind === 'governance')
      .map((l) => `${l.source}>${l.target}`)
      .sort();
    const carried = new Set<string>();
    view.graph.forEachEdge((_e, a) => {
      if (a.layer === 'governance') for (const t of (a.carries ?? '').split(' ')) carried.add(t);
    });
    expect([...carried].sort()).toEqual(ties);
    expect(view.outsideClusters).toBe(0);
    expect(view.linkLegend.items.find((i) => i.key === 'governance')!.count).toBe(ties.length);
    // No centre coordinates the group: a governing body is joined to it directly, then the group to
    // its member; the government's and the agency's ties to out-1 both run through the group.
    const has = (s: string, t: string) =>
      view.graph.someEdge((_e, a, src, tgt) => a.layer === 'governance' && src === s && tgt === t);
    expect(has('gov', OUTSIDE_GROUP) && has('agency', OUTSIDE_GROUP)).toBe(true);
    expect(has(OUTSIDE_GROUP, 'out-1') && has('out-2', OUTSIDE_GROUP)).toBe(true);
    expect(view.framing.has(OUTSIDE_GROUP)).toBe(true);
  });
});
