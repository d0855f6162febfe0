/**
 * Per-group difference-in-differences on the stored network: reads the panel (src/store/did-panel.ts),
 * runs the community detection when the groups are communities, and estimates per group
 * (src/did/by-group.ts). What the CLI, the API and the report call; the store only reads.
 */
import { measure, parseParameters } from '../analysis/registry.ts';
import { flatten } from '../analysis/network.ts';
import {
  didByGroupFromData,
  GROUP_BY,
  type ByGroupOptions,
  type ByGroupResult,
  type GroupResult,
} from '../did/by-group.ts';
import { clusterProfile, type ClusterProfile } from '../did/cluster-profile.ts';
import { groupInput, type GroupInputOptions } from '../did/group-input.ts';
import { EMPLOYEES_INDICATOR, INDICATORS, indicatorDefinition } from '../domain/indicators.ts';
import { InvalidArgumentError, NotFoundError } from '../errors.ts';
import { readDidPanel } from '../store/did-panel.ts';
import type { Store } from '../store/driver.ts';
import { loadNetwork } from '../store/network.ts';

export interface DidByGroupOptions extends Partial<ByGroupOptions>, GroupInputOptions {
  /** Community algorithm for groupBy = community (default leiden, its registry defaults). */
  community?: 'louvain' | 'leiden';
}

/** The per-group DiD of an indicator on the stored network, in the JSON shape the web view and API use. */
export async function didByGroup(store: Store, options: DidByGroupOptions): Promise<ByGroupResult> {
  const { indicator, groupBy } = options;
  if (!GROUP_BY.includes(groupBy))
    throw new InvalidArgumentError(
      `group-by must be one of ${GROUP_BY.join(', ')}, got '${String(groupBy)}'`,
    );
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(indicator))
    throw new InvalidArgumentError(`not an indicator name: '${indicator}'`);
  const needs = [indicator];
  const definition = indicatorDefinition(indicator);
  if (definition?.aggregation.kind === 'weighted-mean') needs.push('employees', 'output_per_worker');
  const participants = await readDidPanel(store, [...new Set(needs)]);
  if (!participants.some((p) => p.observations.some((o) => o.indicator === indicator)))
    throw new NotFoundError(`no observations of indicator '${indicator}'`);
  const communities =
    groupBy === 'community' ? await communitiesOf(store, options.community ?? 'leiden') : undefined;
  const input = groupInput(participants, options, communities);
  return didByGroupFromData(input, {
    estimator: options.estimator,
    control: options.control,
    base: options.base,
    log: options.log,
    anticipation: options.anticipation,
    bootstrap: options.bootstrap,
    seed: options.seed,
    level: options.level,
  });
}

/** Participant id → community of the stored network, by a community algorithm with its registry defaults. */
async function communitiesOf(store: Store, algorithmId: string): Promise<Record<string, number>> {
  const network = await loadNetwork(store);
  const algorithm = measure(algorithmId);
  if (algorithm.kind !== 'community')
    throw new InvalidArgumentError(`${algorithm.id} is not a community algorithm`);
  return algorithm.run(flatten(network), parseParameters(algorithm, {})).communities;
}

/**
 * The cluster profile of GET /api/clusters/{id}: its members' yearly series (Table 1's rules) and, per
 * indicator, the DiD of the default question — estimated over all clusters, so that its credibility (Holm
 * across the clusters) is the one the DiD panel shows.
 */
export async function clusterProfileOf(store: Store, clusterId: string): Promise<ClusterProfile> {
  const participants = await readDidPanel(store, [...INDICATORS.map((i) => i.id), EMPLOYEES_INDICATOR.id]);
  const members = participants.filter((p) => p.clusters.some((c) => c.id === clusterId)).map((p) => p.id);
  const observations = participants.flatMap((p) => p.observations.map((o) => ({ participant: p.id, ...o })));
  const did = new Map<string, GroupResult | null>();
  for (const definition of INDICATORS) {
    if (!observations.some((o) => o.indicator === definition.id)) continue;
    const input = groupInput(participants, { indicator: definition.id, groupBy: 'cluster' });
    const result = didByGroupFromData({
      ...input,
      observations: input.observations.filter(
        (o) =>
          o.indicator === definition.id || o.indicator === 'employees' || o.indicator === 'output_per_worker',
      ),
    });
    did.set(definition.id, result.groups.find((g) => g.group === clusterId) ?? null);
  }
  return clusterProfile(clusterId, members, observations, did);
}
