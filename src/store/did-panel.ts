/**
 * Reads the panel for per-group difference-in-differences from Neo4j (cypher/did-panel.cypher) as plain
 * objects. The estimation per cluster, platform, community or kind is src/services/did.ts's.
 */
import type { DidPanelParticipant } from '../did/group-input.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { toNumber } from './values.ts';

export type { DidPanelParticipant };

/** Participants with observations of the indicators, with their memberships; numbers are plain numbers. */
export async function readDidPanel(store: Store, indicators: string[]): Promise<DidPanelParticipant[]> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead(async (tx) => {
      const out: DidPanelParticipant[] = [];
      for await (const r of tx.run(cypher('did-panel'), { indicators })) {
        const memberships = (list: unknown) =>
          (list as { id: string; name: string; since: unknown }[]).map((m) => ({
            id: m.id,
            name: m.name,
            since: m.since === null || m.since === undefined ? null : toNumber(m.since),
          }));
        out.push({
          id: r.get('id') as string,
          name: r.get('name') as string,
          kind: r.get('kind') as string,
          clusters: memberships(r.get('clusters')),
          platforms: memberships(r.get('platforms')),
          observations: (r.get('observations') as { indicator: string; year: unknown; value: unknown }[]).map(
            (o) => ({
              indicator: o.indicator,
              year: toNumber(o.year),
              value: toNumber(o.value),
            }),
          ),
        });
      }
      return out;
    });
  } finally {
    await s.close();
  }
}
