/**
 * A synthetic multilayer network of a given size, for benchmarks (import, loading, analysis, the view):
 * participants in clusters, ties mostly inside clusters, in three layers. Deterministic (seeded).
 */
import type { Bundle } from '../src/exchange/model.ts';
import { emptyBundle } from '../src/exchange/model.ts';
import { Random } from '../src/random.ts';

export function syntheticNetwork(participants: number, ties: number, seed = 7): Bundle {
  const rng = new Random(seed);
  const bundle = emptyBundle();
  const clusterSize = 200;
  const clusters = Math.ceil(participants / clusterSize);
  bundle.regions.push({ id: 'synthetic', name: 'Synthetic region' });
  for (let c = 0; c < clusters; c++)
    bundle.clusters.push({ id: `c${c}`, name: `Cluster ${c}`, region: 'synthetic', formed: 2010 });
  for (let i = 0; i < participants; i++) {
    const id = `p${i}`;
    bundle.participants.push({
      id,
      kind: rng.chance(0.8) ? 'enterprise' : 'startup',
      name: `Participant ${i}`,
      region: 'synthetic',
    });
    bundle.memberships.push({
      participant: id,
      cluster: `c${Math.floor(i / clusterSize)}`,
      since: 2010 + rng.int(0, 7),
    });
  }
  const layers = ['rnd', 'supply', 'education'];
  const seen = new Set<string>();
  while (bundle.ties.length < ties) {
    const a = rng.int(0, participants - 1);
    const inside = rng.chance(0.9);
    const b = inside
      ? Math.min(participants - 1, Math.floor(a / clusterSize) * clusterSize + rng.int(0, clusterSize - 1))
      : rng.int(0, participants - 1);
    if (a === b) continue;
    const layer = layers[rng.int(0, 2)]!;
    const key = layer === 'supply' ? `${layer}|${a}|${b}` : `${layer}|${Math.min(a, b)}|${Math.max(a, b)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bundle.ties.push({
      source: `p${a}`,
      target: `p${b}`,
      layer,
      weight: rng.int(1, 5),
      since: 2005 + rng.int(0, 12),
    });
  }
  return bundle;
}
