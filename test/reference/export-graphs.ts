/** Writes the test graphs as edge lists for test/reference/networkx_reference.py. */
import fs from 'node:fs';
import path from 'node:path';
import { UndirectedGraph } from 'graphology';
import karateModule from 'graphology-generators/social/karate-club.js';

const karateClub = karateModule as unknown as typeof karateModule.default;
const out = path.join(import.meta.dirname, 'graphs');
fs.mkdirSync(out, { recursive: true });
const karate = karateClub(UndirectedGraph);
fs.writeFileSync(
  path.join(out, 'karate.tsv'),
  karate.mapEdges((_e, _a, s, t) => `${s}\t${t}\t1`).join('\n') + '\n',
);

// Les Misérables (graphology's test resources): declared directed, read as undirected; weight defaults to 1.
import { lesMiserables } from '../helpers/graphs.ts';
const lesmis = lesMiserables();
fs.writeFileSync(
  path.join(out, 'les-miserables.tsv'),
  lesmis.mapEdges((_e, a, s, t) => `${s}\t${t}\t${a.weight}`).join('\n') + '\n',
);
