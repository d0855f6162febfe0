/**
 * Municipalities and free attributes of participants, coded for the learned scorer's pair features
 * (features.ts): the same municipality; per categorical attribute (text or yes/no), the same value; per
 * numeric attribute, log(1 + |difference|). Only where both participants have the value — a missing
 * value compares as nothing in common and no difference. Networks without them get no such features.
 */
import type { NetworkNode } from '../network.ts';

/** At most this many attributes of each sort (the most widely given): bounds the number of features. */
const MAX_ATTRIBUTES = 10;

export interface ParticipantDetails {
  /** Municipality code per participant (−1: not given); null when nobody has one. */
  municipality: Int32Array | null;
  /** Per categorical attribute: a value code per participant (−1: not given). */
  categorical: { name: string; codes: Int32Array }[];
  /** Per numeric attribute: the value per participant (NaN: not given). */
  numeric: { name: string; values: Float64Array }[];
}

/** Codes the details of `nodes` (in the index's order). */
export function participantDetails(nodes: NetworkNode[]): ParticipantDetails {
  const municipalities = new Map<string, number>();
  const municipality = Int32Array.from(nodes, (n) => {
    if (n.municipality === undefined || n.municipality === '') return -1;
    let code = municipalities.get(n.municipality);
    if (code === undefined) municipalities.set(n.municipality, (code = municipalities.size));
    return code;
  });
  // An attribute is numeric when every value given is a number, categorical otherwise.
  const given = new Map<string, { count: number; numeric: boolean }>();
  for (const n of nodes)
    for (const [name, value] of Object.entries(n.attributes ?? {})) {
      const g = given.get(name) ?? { count: 0, numeric: true };
      g.count++;
      g.numeric &&= typeof value === 'number' && Number.isFinite(value);
      given.set(name, g);
    }
  // The most widely given first, then by name (deterministic); an attribute of one participant says nothing.
  const ranked = [...given]
    .filter(([, g]) => g.count >= 2)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const categorical = ranked
    .filter(([, g]) => !g.numeric)
    .slice(0, MAX_ATTRIBUTES)
    .map(([name]) => {
      const values = new Map<string, number>();
      const codes = Int32Array.from(nodes, (n) => {
        const value = n.attributes?.[name];
        if (value === undefined) return -1;
        const key = String(value);
        let code = values.get(key);
        if (code === undefined) values.set(key, (code = values.size));
        return code;
      });
      return { name, codes };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const numeric = ranked
    .filter(([, g]) => g.numeric)
    .slice(0, MAX_ATTRIBUTES)
    .map(([name]) => ({
      name,
      values: Float64Array.from(nodes, (n) => {
        const value = n.attributes?.[name];
        return typeof value === 'number' ? value : NaN;
      }),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { municipality: municipalities.size > 0 ? municipality : null, categorical, numeric };
}

/** Same municipality (1) or not (0; also when either is not given). */
export const sameMunicipality = (d: ParticipantDetails, u: number, v: number): number => {
  if (!d.municipality) return 0;
  const a = d.municipality[u]!;
  return a >= 0 && a === d.municipality[v] ? 1 : 0;
};

/** Same value of categorical attribute k (1) or not (0; also when either is not given). */
export const sameValue = (d: ParticipantDetails, k: number, u: number, v: number): number => {
  const codes = d.categorical[k]!.codes;
  const a = codes[u]!;
  return a >= 0 && a === codes[v] ? 1 : 0;
};

/** log(1 + |difference|) of numeric attribute k (0 when either is not given). */
export const valueDistance = (d: ParticipantDetails, k: number, u: number, v: number): number => {
  const values = d.numeric[k]!.values;
  const diff = Math.abs(values[u]! - values[v]!);
  return Number.isNaN(diff) ? 0 : Math.log1p(diff);
};
