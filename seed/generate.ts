/**
 * The Lipetsk demo network, generated deterministically (fixed seed) as an exchange bundle:
 * `npx clusterlens seed --generate-only` writes seed/lipetsk.json; `clusterlens seed` imports it.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { DEFAULT_LAYERS, type Bundle, type Membership } from '../src/exchange/model.ts';
import { canonicalBundle } from '../src/exchange/canonical.ts';
import { CLUSTERS, PLATFORMS, PROJECTS, REGIONS, buildEntities } from './entities.ts';
import { buildPanel } from './panel.ts';
import { Random } from '../src/random.ts';
import { buildTies } from './ties.ts';

export const DEMO_BUNDLE_PATH = path.join(PROJECT_ROOT, 'seed', 'lipetsk.json');
export const DEMO_SEED = 20190215;

export function generateDemo(seed = DEMO_SEED): Bundle {
  const rng = new Random(seed);
  const { participants, platformMemberships, projectMemberships } = buildEntities(rng);
  const ties = buildTies(rng, participants, platformMemberships, projectMemberships);
  const observations = buildPanel(rng, participants);
  const clusterMemberships: Membership[] = participants.flatMap((p) =>
    p.memberships.map((m) => ({ participant: p.id, cluster: m.cluster, since: m.since, role: m.role })),
  );
  const bundle: Bundle = {
    meta: {
      name: 'Lipetsk oblast: «Долина машиностроения» and its metacorporation (demo)',
      description:
        'Demo network after Charykova & Markova (2019), Economy of Region 15(2). Counts of «Долина машиностроения» ' +
        '(114 organisations: 87 enterprises, 3 universities, 1 research institute), its territory, the four clusters, ' +
        'the four projects and the cluster-level Table 1 are from the article (attributes.source = "article"); names of ' +
        'enterprises, ties, years and participant-level values are synthetic (attributes.synthetic = true).',
      generator: `seed/generate.ts, seed ${seed}`,
      synthetic: true,
    },
    regions: REGIONS,
    layers: Object.entries(DEFAULT_LAYERS).map(([id, l]) => ({ id, name: l.name, directed: l.directed })),
    participants: participants.map(
      ({ id, kind, name, region, municipality, founded, employees, attributes }) => ({
        id,
        kind,
        name,
        region,
        municipality,
        founded,
        employees,
        attributes,
      }),
    ),
    clusters: CLUSTERS,
    platforms: PLATFORMS.map(({ id, name, sphere, launched, attributes }) => ({
      id,
      name,
      sphere,
      launched,
      attributes,
    })),
    projects: PROJECTS.map(({ id, name, description, started, attributes }) => ({
      id,
      name,
      description,
      started,
      attributes,
    })),
    memberships: [...clusterMemberships, ...platformMemberships, ...projectMemberships],
    ties,
    observations,
  };
  return canonicalBundle(bundle);
}
