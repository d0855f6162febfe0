/**
 * Ties as they arrive from Neo4j, held as columns of numbers until the participants are known, then
 * turned into tie objects in one pass. A million-tie read decoded its records faster than it could keep
 * them: tie objects built record by record (or records kept waiting for the participants) lived through
 * several young-generation collections, which took about a third of the loader's time in a profile.
 * Columns grow by doubling and hold no objects, so the records' lists die young and cheaply.
 */
import type { NetworkTie } from '../analysis/network.ts';

export class TieColumns {
  private size = 0;
  private sources = new Float64Array(1024);
  private targets = new Float64Array(1024);
  private layers = new Int32Array(1024);
  private weights = new Float64Array(1024);
  private since = new Float64Array(1024);
  /** Layer names by code: the given list first, then names met that it lacks. */
  private readonly layerNames: string[];
  private readonly extraCodes = new Map<string, number>();

  constructor(layerIds: readonly string[]) {
    this.layerNames = [...layerIds];
  }

  get length(): number {
    return this.size;
  }

  /**
   * One source's ties: targets as node numbers, layers as codes in the given list (or names), years −1
   * where unknown.
   */
  add(
    source: number,
    targets: readonly number[],
    layers: readonly (number | string)[],
    weights: readonly number[],
    since: readonly number[],
  ): void {
    const count = targets.length;
    this.reserve(this.size + count);
    const at = this.size;
    for (let i = 0; i < count; i++) {
      const code = layers[i]!;
      this.sources[at + i] = source;
      this.targets[at + i] = targets[i]!;
      this.layers[at + i] = typeof code === 'number' ? code : this.codeOf(code);
      this.weights[at + i] = weights[i]!;
      this.since[at + i] = since[i]!;
    }
    this.size += count;
  }

  /**
   * Appends the ties whose both ends are in `idOf` (node number → participant id) to `ties`: ties count
   * only between participants that passed the filters.
   */
  appendTo(ties: NetworkTie[], idOf: ReadonlyMap<number, string>): void {
    const { sources, targets, layers, weights, since, layerNames } = this;
    for (let i = 0; i < this.size; i++) {
      const source = idOf.get(sources[i]!);
      const target = idOf.get(targets[i]!);
      if (source === undefined || target === undefined) continue;
      const layer = layerNames[layers[i]!]!;
      const weight = weights[i]!;
      const year = since[i]!;
      // Two literal shapes rather than a spread: a million ties are built here.
      ties.push(
        year < 0
          ? { source, target, layer, weight }
          : { source, target, layer, weight, since: Math.round(year) },
      );
    }
  }

  private codeOf(name: string): number {
    let code = this.extraCodes.get(name);
    if (code === undefined) {
      code = this.layerNames.push(name) - 1;
      this.extraCodes.set(name, code);
    }
    return code;
  }

  private reserve(needed: number): void {
    if (needed <= this.sources.length) return;
    let capacity = this.sources.length;
    while (capacity < needed) capacity *= 2;
    const grow = <A extends Float64Array | Int32Array>(old: A, make: (n: number) => A): A => {
      const bigger = make(capacity);
      bigger.set(old.subarray(0, this.size));
      return bigger;
    };
    this.sources = grow(this.sources, (n) => new Float64Array(n));
    this.targets = grow(this.targets, (n) => new Float64Array(n));
    this.layers = grow(this.layers, (n) => new Int32Array(n));
    this.weights = grow(this.weights, (n) => new Float64Array(n));
    this.since = grow(this.since, (n) => new Float64Array(n));
  }
}
