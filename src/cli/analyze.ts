/** `clusterlens analyze <measure>`: any measure of the registry on the stored network. */
import { Option, type Command } from 'commander';
import { MEASURES, measure, parseParameters, type ParameterSpec } from '../analysis/registry.ts';
import { runMeasure, type MeasureResult, type NodeMeasureResult } from '../analysis/run.ts';
import { DEFAULT_ENGINE, ENGINE_DESCRIPTION, ENGINES, type EngineChoice } from '../analysis/engines.ts';
import { gdsSettings } from '../config.ts';
import { InvalidArgumentError } from '../errors.ts';
import { loadNetwork, type NetworkFilter } from '../store/network.ts';
import { assertKnownFilters } from '../store/known-values.ts';
import { engineFor } from '../store/gds/choice.ts';
import { runWithGds } from '../store/gds/run.ts';
import { graphVersion } from '../store/status.ts';
import { withStore } from './context.ts';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const year = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`a year is a whole number, got '${value}'`);
  return n;
};

/** Every parameter of every measure, once, as a CLI option (booleans also as --no-<name>). */
function measureOptions(): ParameterSpec[] {
  const seen = new Map<string, ParameterSpec>();
  for (const m of MEASURES) for (const p of m.parameters) if (!seen.has(p.name)) seen.set(p.name, p);
  return [...seen.values()].filter((p) => p.name !== 'weighted');
}

/** The loader's filters, the view, the output, and the measures' own options (by name). */
interface AnalyzeFlags extends NetworkFilter, Record<string, unknown> {
  weighted?: boolean;
  directed?: boolean;
  json?: boolean;
  top: number;
  engine: EngineChoice;
}

export function registerAnalyze(program: Command): void {
  const command = program
    .command('analyze')
    .description(`Compute a measure on the stored network. Measures: ${MEASURES.map((m) => m.id).join(', ')}`)
    .argument('<measure>', 'measure id')
    .option(
      '--layers <list>',
      'comma-separated layers (default: all; `platform` adds platform co-membership)',
      list,
    )
    .option('--clusters <list>', 'only members of these clusters', list)
    .option('--platforms <list>', 'only participants on these platforms', list)
    .option('--kinds <list>', 'only these kinds of participant', list)
    .option('--regions <list>', 'only these regions', list)
    .option('--since <year>', 'only ties formed in or after this year', year)
    .option('--until <year>', 'only ties formed in or before this year', year)
    .option(
      '--weighted',
      'use tie weights (sum over the chosen layers); weighted betweenness reads them as strengths',
    )
    .option('--no-weighted', 'ignore tie weights')
    .option('--directed', 'keep tie directions (default: undirected view)')
    .option('--json', 'print one JSON object')
    .addOption(new Option('--engine <engine>', ENGINE_DESCRIPTION).choices(ENGINES).default(DEFAULT_ENGINE))
    .addOption(new Option('--top <n>', 'rows in the table').default(15).argParser(Number));
  for (const p of measureOptions()) {
    const flag = kebab(p.name);
    const help = `${p.description} (default ${p.default}${p.choices ? `; ${p.choices.join('|')}` : ''})`;
    if (p.type === 'boolean') {
      command.option(`--${flag}`, help);
      command.option(`--no-${flag}`);
    } else command.option(`--${flag} <value>`, help);
  }
  command.action(async (id: string, flags: AnalyzeFlags, cmd: Command) => {
    const descriptor = measure(id);
    const raw: Record<string, string | boolean | undefined> = {};
    for (const p of descriptor.parameters) {
      if (cmd.getOptionValueSource(p.name) === 'cli') raw[p.name] = flags[p.name] as string | boolean;
    }
    // Options given for other measures are mistakes worth reporting.
    for (const p of measureOptions()) {
      if (
        !descriptor.parameters.some((q) => q.name === p.name) &&
        cmd.getOptionValueSource(p.name) === 'cli'
      ) {
        throw new InvalidArgumentError(`${id} has no option --${kebab(p.name)}`);
      }
    }
    const options = parseParameters(descriptor, raw);
    const filter: NetworkFilter = {
      layers: flags.layers?.filter((l) => l !== 'platform'),
      clusters: flags.clusters,
      platforms: flags.platforms,
      kinds: flags.kinds,
      regions: flags.regions,
      since: flags.since,
      until: flags.until,
    };
    await withStore(async (store) => {
      await assertKnownFilters(store, { ...filter, layers: flags.layers });
      const view = { ...stripUndefined(filter), layers: flags.layers, directed: flags.directed === true };
      const gds = gdsSettings();
      const engine = await engineFor(store, flags.engine, id, options, view, gds.autoMinTies);
      let result: MeasureResult & { engine: string };
      let names = new Map<string, string>();
      if (engine === 'gds') {
        const version = await graphVersion(store);
        const memoryLimit = gds.memoryLimit;
        result = await runWithGds(store, { descriptor, options, filter, view, version, memoryLimit });
      } else {
        const network = await loadNetwork(store, filter);
        names = new Map(network.nodes.map((n) => [n.id, n.name]));
        result = { ...runMeasure(network, descriptor, options, view), engine };
      }
      if (flags.json) {
        console.log(JSON.stringify(result));
        return;
      }
      if (descriptor.kind === 'multilayer') {
        printMultilayer(id, result as Record<string, unknown>, names, flags.top);
        return;
      }
      if ('communities' in result && descriptor.kind === 'community') {
        const communities = result.communities as Record<string, number>;
        const sizes = new Map<number, string[]>();
        for (const [node, c] of Object.entries(communities)) sizes.set(c, [...(sizes.get(c) ?? []), node]);
        console.log(
          `${descriptor.title}: ${sizes.size} communities, modularity ${(result.modularity as number).toFixed(6)}`,
        );
        for (const [c, members] of [...sizes].sort((a, b) => b[1].length - a[1].length).slice(0, flags.top)) {
          console.log(
            `  ${String(c).padStart(4)}  ${String(members.length).padStart(5)}  ${members
              .slice(0, 4)
              .map((m) => names.get(m) ?? m)
              .join('; ')}${members.length > 4 ? ' …' : ''}`,
          );
        }
        return;
      }
      const values = (result as NodeMeasureResult).values;
      const layers = (result.options.layers as string[]).join(', ');
      console.log(`${descriptor.title} on ${Object.keys(values).length} participants (${layers})`);
      const rows = Object.entries(values)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, flags.top);
      for (const [node, value] of rows)
        console.log(`  ${value.toFixed(6).padStart(14)}  ${node.padEnd(26)}  ${names.get(node) ?? ''}`);
    });
  });
}

/** A readable summary of a multilayer result (the JSON output has everything). */
function printMultilayer(
  id: string,
  result: Record<string, unknown>,
  names: Map<string, string>,
  top: number,
): void {
  if (id === 'layer-overlap') {
    const { layers, jaccard } = result as { layers: string[]; jaccard: number[][] };
    console.log(
      `Layer edge overlap (Jaccard)\n${''.padEnd(12)}${layers.map((l) => l.padStart(11)).join('')}`,
    );
    layers.forEach((l, i) =>
      console.log(`${l.padEnd(12)}${jaccard[i]!.map((x) => x.toFixed(4).padStart(11)).join('')}`),
    );
    return;
  }
  if (id === 'multislice') {
    const { quality, persistence } = result as { quality: number; persistence: Record<string, number> };
    console.log(
      `Multislice modularity ${quality.toFixed(6)}; participants that change community across layers:`,
    );
    const moving = Object.entries(persistence)
      .filter(([, p]) => p < 1)
      .sort((a, b) => a[1] - b[1])
      .slice(0, top);
    for (const [node, p] of moving)
      console.log(`  ${p.toFixed(3).padStart(8)}  ${node.padEnd(26)}  ${names.get(node) ?? ''}`);
    return;
  }
  const { participation, overlappingDegree, activity } = result as Record<string, Record<string, number>>;
  console.log('Multiplex participation (top), overlapping degree, active layers');
  const rows = Object.entries(participation!)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top);
  for (const [node, p] of rows) {
    console.log(
      `  ${p.toFixed(4).padStart(8)}  ${String(overlappingDegree![node]).padStart(5)}  ${String(activity![node]).padStart(3)}  ${node.padEnd(26)}  ${names.get(node) ?? ''}`,
    );
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
