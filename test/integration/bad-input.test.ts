/**
 * The bad-input table: every case goes through `clusterlens import` (a child process, as a user runs it)
 * and through `POST /api/import` (app.inject), against the test run's Neo4j. Both must refuse it (exit 2,
 * 422) with the same problems, one of them the expected one, and the stored graph must not change (its
 * export and graph version before and after are equal). Two valid controls show that the harness sees an
 * accepted input as accepted.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../src/errors.ts';
import { bundleToJson, readJsonBundle } from '../../src/exchange/json.ts';
import { exportBundle } from '../../src/store/export.ts';
import { importBundle } from '../../src/store/import.ts';
import { graphVersion } from '../../src/store/status.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { testEnv } from '../helpers/store.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SMALL = path.join(ROOT, 'test', 'fixtures', 'small.json');
const auth = { authorization: 'Bearer test-key' };

type Content = string | Buffer;
interface Case {
  name: string;
  /** A JSON bundle (its bytes, or a value to serialise) … */
  json?: Content | object;
  /** … or CSV files (and meta.json) by name. */
  csv?: Record<string, Content>;
  /** Null for the valid controls. */
  expect: { field?: string; message: RegExp } | null;
}

// A valid new participant, a valid tie between stored participants: the rows that cases spoil.
const P = (over: Record<string, unknown> = {}) => ({
  id: 'newcomer',
  kind: 'startup',
  name: 'Newcomer',
  region: 'lipetsk',
  ...over,
});
const T = (over: Record<string, unknown> = {}) => ({
  source: 'lgtu',
  target: 'castings-sme',
  layer: 'rnd',
  ...over,
});
const withParticipant = (over: Record<string, unknown>) => ({ participants: [P(over)] });
const withAttributes = (attributes: unknown) => ({ participants: [P({ attributes })] });
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const PCSV = 'id,kind,name,region,employees\n';
const TCSV = 'source,target,layer,weight\n';

const CASES: Case[] = [
  // Malformed JSON
  { name: 'trailing comma', json: '{"participants": [],}', expect: { message: /not valid JSON at line 1/ } },
  { name: 'truncated document', json: '{"participants": [{"id": "x"', expect: { message: /not valid JSON/ } },
  { name: 'empty file', json: '', expect: { message: /not valid JSON/ } },
  { name: 'top level is an array', json: [], expect: { message: /a bundle is a JSON object/ } },
  { name: 'CSV sent as JSON', json: 'id,kind\nx,startup\n', expect: { message: /not valid JSON/ } },
  // Wrong types
  { name: 'participants is an object', json: { participants: {} }, expect: { message: /must be an array/ } },
  { name: 'a row is a string', json: { participants: ['x'] }, expect: { message: /must be an object/ } },
  {
    name: 'name is a number',
    json: withParticipant({ name: 42 }),
    expect: { field: 'name', message: /must be a string/ },
  },
  {
    name: 'employees is text',
    json: withParticipant({ employees: 'many' }),
    expect: { field: 'employees', message: /whole number/ },
  },
  {
    name: 'founded is a fraction',
    json: withParticipant({ founded: 2001.5 }),
    expect: { field: 'founded', message: /whole year/ },
  },
  {
    name: 'directed is "yes"',
    json: { layers: [{ id: 'newlayer', directed: 'yes' }] },
    expect: { field: 'directed', message: /true or false/ },
  },
  {
    name: 'weight is text',
    json: { ties: [T({ weight: 'heavy' })] },
    expect: { field: 'weight', message: /must be a number/ },
  },
  {
    name: 'attributes is an array',
    json: withAttributes([1, 2]),
    expect: { field: 'attributes', message: /must be an object/ },
  },
  {
    name: 'attribute value is an object',
    json: withAttributes({ x: { y: 1 } }),
    expect: { field: 'attributes.x', message: /string, a number or a boolean/ },
  },
  // Unknown names
  { name: 'unknown entry', json: { people: [] }, expect: { message: /unknown entry/ } },
  {
    name: 'unknown field',
    json: withParticipant({ colour: 'red' }),
    expect: { field: 'colour', message: /unknown field/ },
  },
  {
    name: 'unknown kind',
    json: withParticipant({ kind: 'entreprise' }),
    expect: { field: 'kind', message: /unknown kind/ },
  },
  {
    name: 'layer name with capitals and a dash',
    json: { ties: [T({ layer: 'Bad-Layer' })] },
    expect: { field: 'layer', message: /not a valid name/ },
  },
  {
    name: 'membership names two targets',
    json: { memberships: [{ participant: 'lgtu', cluster: 'dolina', project: 'x' }] },
    expect: { message: /exactly one of cluster, platform, project/ },
  },
  {
    name: 'membership of an unknown cluster',
    json: { memberships: [{ participant: 'lgtu', cluster: 'nowhere' }] },
    expect: { field: 'cluster', message: /unknown cluster 'nowhere'/ },
  },
  {
    name: 'tie to a missing participant',
    json: { ties: [T({ target: 'ghost' })] },
    expect: { field: 'target', message: /missing participant 'ghost'/ },
  },
  {
    name: 'observation of an unknown participant',
    json: { observations: [{ participant: 'ghost', indicator: 'x', year: 2000, value: 1 }] },
    expect: { field: 'participant', message: /unknown participant/ },
  },
  // Duplicates
  {
    name: 'duplicate participant id',
    json: { participants: [P(), P({ name: 'Again' })] },
    expect: { field: 'id', message: /duplicate id 'newcomer'/ },
  },
  {
    name: 'duplicate undirected tie, reversed',
    json: { ties: [T(), T({ source: 'castings-sme', target: 'lgtu' })] },
    expect: { field: 'target', message: /duplicate rnd tie/ },
  },
  {
    name: 'duplicate observation',
    json: {
      observations: [
        { participant: 'lgtu', indicator: 'x', year: 2000, value: 1 },
        { participant: 'lgtu', indicator: 'x', year: 2000, value: 2 },
      ],
    },
    expect: { field: 'year', message: /duplicate observation/ },
  },
  {
    name: 'duplicate membership',
    json: {
      memberships: [
        { participant: 'lgtu', cluster: 'dolina' },
        { participant: 'lgtu', cluster: 'dolina', role: 'again' },
      ],
    },
    expect: { field: 'cluster', message: /duplicate membership/ },
  },
  {
    name: 'tie to itself',
    json: { ties: [T({ target: 'lgtu' })] },
    expect: { field: 'target', message: /to itself/ },
  },
  // Numbers out of range
  {
    name: 'employees 1e20',
    json: withParticipant({ employees: 1e20 }),
    expect: { field: 'employees', message: /larger than 9007199254740991/ },
  },
  {
    name: 'employees beyond 2^53 written out',
    json: '{"participants":[{"id":"n","kind":"startup","name":"N","region":"r","employees":12345678901234567890}]}',
    expect: { field: 'employees', message: /larger than/ },
  },
  {
    name: 'employees negative',
    json: withParticipant({ employees: -1 }),
    expect: { field: 'employees', message: /≥ 0/ },
  },
  {
    name: 'founded 1799',
    json: withParticipant({ founded: 1799 }),
    expect: { field: 'founded', message: /out of range/ },
  },
  {
    name: 'observation year 2101',
    json: { observations: [{ participant: 'lgtu', indicator: 'x', year: 2101, value: 1 }] },
    expect: { field: 'year', message: /out of range/ },
  },
  {
    name: 'weight 0',
    json: { ties: [T({ weight: 0 })] },
    expect: { field: 'weight', message: /greater than 0/ },
  },
  {
    name: 'value 1e400 (infinite)',
    json: '{"observations":[{"participant":"lgtu","indicator":"x","year":2000,"value":1e400}]}',
    expect: { field: 'value', message: /must be a number/ },
  },
  // Injection-shaped names
  {
    name: 'id with a NUL',
    json: withParticipant({ id: 'a\u0000b' }),
    expect: { field: 'id', message: /printable characters only; found U\+0000/ },
  },
  {
    name: 'id with an ANSI escape',
    json: withParticipant({ id: '\u001b[31mred' }),
    expect: { field: 'id', message: /U\+001B/ },
  },
  {
    name: 'id with a right-to-left override',
    json: withParticipant({ id: 'abc\u202Egpj.exe' }),
    expect: { field: 'id', message: /U\+202E/ },
  },
  {
    name: 'id of 201 characters',
    json: withParticipant({ id: 'x'.repeat(201) }),
    expect: { field: 'id', message: /at most 200 characters/ },
  },
  {
    name: 'id with a lone surrogate',
    json: '{"participants":[{"id":"a\\ud800","kind":"startup","name":"N","region":"r"}]}',
    expect: { field: 'id', message: /U\+D800/ },
  },
  {
    name: 'attribute name with a dot',
    json: withAttributes({ 'a.b': 1 }),
    expect: { field: 'attributes.a.b', message: /attribute name/ },
  },
  {
    name: 'attribute name shaped as Cypher',
    json: withAttributes({ 'x`}) DETACH DELETE n //': 1 }),
    expect: { message: /attribute name/ },
  },
  {
    name: 'layer shaped as Cypher',
    json: { ties: [T({ layer: 'rnd; MATCH (n) DETACH DELETE n' })] },
    expect: { field: 'layer', message: /not a valid name/ },
  },
  // Prototype keys
  {
    name: '__proto__ in attributes',
    json: '{"participants":[{"id":"n","kind":"startup","name":"N","region":"r","attributes":{"__proto__":{"x":1}}}]}',
    expect: { field: 'attributes.__proto__', message: /reserved name/ },
  },
  {
    name: 'constructor in attributes',
    json: withAttributes({ constructor: 'x' }),
    expect: { field: 'attributes.constructor', message: /reserved name/ },
  },
  {
    name: '__proto__ in meta',
    json: '{"meta":{"__proto__":{"polluted":true}},"participants":[]}',
    expect: { field: '__proto__', message: /reserved name/ },
  },
  {
    name: 'prototype in meta',
    json: { meta: { prototype: 'x' }, participants: [] },
    expect: { field: 'prototype', message: /reserved name/ },
  },
  {
    name: '__proto__ as a row field',
    json: '{"participants":[{"id":"n","kind":"startup","name":"N","region":"r","__proto__":{"id":"m"}}]}',
    expect: { field: '__proto__', message: /reserved name/ },
  },
  { name: '__proto__ at the top level', json: '{"__proto__":[]}', expect: { message: /reserved name/ } },
  // Invalid UTF-8
  {
    name: 'invalid UTF-8 in a name (JSON)',
    json: bytes(
      '{"participants":[\n{"id":"n","kind":"startup","name":"B',
      [0xff, 0xfe],
      'd","region":"r"}]}',
    ),
    expect: { field: 'name', message: /not valid UTF-8: byte 0xFF at line 2, column 37/ },
  },
  {
    name: 'invalid UTF-8 in an id (JSON)',
    json: bytes('{"participants":[{"id":"n', [0xc3, 0x28], '","kind":"startup","name":"N","region":"r"}]}'),
    expect: { field: 'id', message: /byte 0xC3/ },
  },
  {
    name: 'overlong UTF-8 encoding of "/"',
    json: bytes('{"meta":{"name":"', [0xc0, 0xaf], '"}}'),
    expect: { field: 'name', message: /byte 0xC0/ },
  },
  // Huge and deep
  {
    name: 'name of 10,001 characters',
    json: withParticipant({ name: 'n'.repeat(10_001) }),
    expect: { field: 'name', message: /at most 10000/ },
  },
  {
    name: 'string attribute of 1 MB',
    json: withAttributes({ blob: 'x'.repeat(1 << 20) }),
    expect: { field: 'attributes.blob', message: /at most 10000/ },
  },
  {
    name: '101 attributes',
    json: withAttributes(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a${i}`, i]))),
    expect: { field: 'attributes', message: /at most 100/ },
  },
  {
    name: 'meta nested 100,000 deep',
    json: `{"meta":{"name":${nested(100_000)}}}`,
    expect: { message: /deeper than 16 levels/ },
  },
  {
    name: 'attributes nested 20 deep',
    json: `{"participants":[{"id":"n","kind":"startup","name":"N","region":"r","attributes":{"x":${nested(20)}}}]}`,
    expect: { field: 'attributes.x', message: /deeper than 16 levels/ },
  },
  {
    name: 'unknown meta field',
    json: { meta: { author: 'me' }, participants: [] },
    expect: { field: 'author', message: /unknown field/ },
  },
  {
    name: 'control character in a name',
    json: withParticipant({ name: 'bell\u0007' }),
    expect: { field: 'name', message: /control character U\+0007/ },
  },
  // CSV specifics
  {
    name: 'CSV weight written 0x1F',
    csv: { 'ties.csv': `${TCSV}lgtu,castings-sme,rnd,0x1F\n` },
    expect: { field: 'weight', message: /must be a number, got "0x1F"/ },
  },
  {
    name: 'CSV employees Infinity',
    csv: { 'participants.csv': `${PCSV}n,startup,N,r,Infinity\n` },
    expect: { field: 'employees', message: /whole number/ },
  },
  {
    name: 'CSV number attribute 1,5',
    csv: { 'participants.csv': 'id,kind,name,region,attr.score:number\nn,startup,N,r,"1,5"\n' },
    expect: { field: 'attr.score:number', message: /decimal number/ },
  },
  {
    name: 'CSV column attr.__proto__',
    csv: { 'participants.csv': 'id,kind,name,region,attr.__proto__\nn,startup,N,r,x\n' },
    expect: { field: 'attr.__proto__', message: /reserved name/ },
  },
  {
    name: 'CSV invalid UTF-8 in a name cell',
    csv: { 'participants.csv': bytes(PCSV, 'n,startup,Caf', [0xe9], ',r,3\n') },
    expect: { field: 'name', message: /not valid UTF-8: byte 0xE9 at line 2, column 14/ },
  },
  {
    name: 'CSV unknown column',
    csv: { 'participants.csv': 'id,kind,name,region,colour\nn,startup,N,r,red\n' },
    expect: { field: 'colour', message: /unknown column/ },
  },
  {
    name: 'CSV row with too many cells',
    csv: { 'participants.csv': `${PCSV}n,startup,N,r,3,extra\n` },
    expect: { message: /has 6 cells; the header has 5/ },
  },
  {
    name: 'CSV required column missing',
    csv: { 'participants.csv': 'id,kind,name\nn,startup,N\n' },
    expect: { field: 'region', message: /required column is missing/ },
  },
  {
    name: 'CSV unknown file',
    csv: { 'participants.csv': `${PCSV}`, 'people.csv': 'id\nx\n' },
    expect: { message: /unknown file/ },
  },
  {
    name: 'CSV unterminated quote',
    csv: { 'participants.csv': `${PCSV}n,startup,"N,r,3\n` },
    expect: { message: /not valid CSV/ },
  },
  {
    name: 'CSV duplicate column',
    csv: { 'participants.csv': 'id,kind,name,region,name\nn,startup,N,r,M\n' },
    expect: { field: 'name', message: /duplicate column/ },
  },
  {
    name: 'CSV meta.json with __proto__',
    csv: { 'participants.csv': PCSV, 'meta.json': '{"__proto__":{"x":1}}' },
    expect: { field: '__proto__', message: /reserved name/ },
  },
  // Valid controls: accepted, and (being already stored) change nothing.
  { name: 'control: the stored bundle again (JSON)', json: fs.readFileSync(SMALL), expect: null },
  {
    name: 'control: a stored participant again (CSV)',
    csv: {
      'participants.csv':
        'id,kind,name,region,municipality,founded\nlgtu,university,ЛГТУ,lipetsk,Липецк,1956\n',
    },
    expect: null,
  },
];

function jsonBytes(json: Content | object): Buffer {
  if (Buffer.isBuffer(json)) return json;
  return Buffer.from(typeof json === 'string' ? json : JSON.stringify(json));
}

/** A multipart/form-data body of files given as bytes. */
function multipartBytes(files: Record<string, Content>) {
  const boundary = `----clusterlens-bad-input-${Date.now()}`;
  const parts = Object.entries(files).flatMap(([name, content]) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

interface Verdict {
  accepted: boolean;
  /** The problems as the CLI prints them (file names as the CLI sees them). */
  lines: string[];
}

function cli(source: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'clusterlens.js'), 'import', source],
      { env: testEnv(), timeout: 120_000, maxBuffer: 64 << 20 },
      (error, _stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? -1) : 0, stderr }),
    );
  });
}

/** Runs fn over items, `width` at a time. */
async function pool<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

const problemLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => l.slice(4));

let t: TestApp;
let dir: string;
const cliVerdicts: (Verdict & { code: number; stderr: string })[] = [];
let exportBefore: string;
let versionBefore: number;
let exportAfterCli: string;
let versionAfterCli: number;

const exported = async () => bundleToJson(await exportBundle(t.store));

beforeAll(async () => {
  t = await demoApp({ keys: ['test-key'] });
  await importBundle(t.store, readJsonBundle(SMALL), { replace: true });
  exportBefore = await exported();
  versionBefore = await graphVersion(t.store);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bad-input-'));
  const sources = CASES.map((c, i) => {
    const name = `case${String(i + 1).padStart(2, '0')}`;
    if (c.json !== undefined) {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, jsonBytes(c.json));
      return file;
    }
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    for (const [file, content] of Object.entries(c.csv!)) fs.writeFileSync(path.join(folder, file), content);
    return folder;
  });
  // Child processes are slow to start (tsx; 2–10 s each on a busy machine); three at a time. All are refused but the controls, which
  // change nothing, so the graph before and after all of them tells whether any wrote.
  const runs = await pool(sources, 3, cli);
  for (const run of runs) {
    cliVerdicts.push({ ...run, accepted: run.code === 0, lines: problemLines(run.stderr) });
  }
  exportAfterCli = await exported();
  versionAfterCli = await graphVersion(t.store);
}, 1_800_000);

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('the bad-input table', () => {
  it('has at least 60 bad inputs and runs them all through the CLI without changing the graph', () => {
    expect(CASES.filter((c) => c.expect !== null).length).toBeGreaterThanOrEqual(60);
    expect(cliVerdicts).toHaveLength(CASES.length);
    expect(versionAfterCli).toBe(versionBefore);
    expect(exportAfterCli).toBe(exportBefore);
  });

  it.each(CASES.map((c, i) => [i + 1, c.name, i] as const))(
    'case %i, %s: same verdict from the CLI and the API, and nothing written',
    async (_n, _name, i) => {
      const c = CASES[i]!;
      const cliRun = cliVerdicts[i]!;
      const request =
        c.json !== undefined
          ? { payload: jsonBytes(c.json), headers: { 'content-type': 'application/json' } }
          : multipartBytes(c.csv!);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/import',
        payload: request.payload,
        headers: { ...request.headers, ...auth },
      });
      expect(await exported()).toBe(exportBefore);
      expect(await graphVersion(t.store)).toBe(versionBefore);
      if (c.expect === null) {
        expect(cliRun.code, cliRun.stderr).toBe(0);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().changed).toBe(false);
        return;
      }
      expect(cliRun.code, cliRun.stderr).toBe(2);
      expect(cliRun.stderr).toContain('nothing was written');
      expect(response.statusCode, response.body.slice(0, 2000)).toBe(422);
      const body = response.json() as { type: string; problems: Problem[] };
      expect(body.type).toMatch(/invalid-data$/);
      expect(body.problems.length).toBeGreaterThan(0);
      const expected = c.expect;
      expect(
        body.problems.some(
          (p) =>
            (expected.field === undefined || p.field === expected.field) && expected.message.test(p.message),
        ),
        JSON.stringify(body.problems).slice(0, 2000),
      ).toBe(true);
      // The same problems, in the same order: the CLI names the file, the API the request body.
      const cliFile = `case${String(i + 1).padStart(2, '0')}.json`;
      const apiLines = body.problems
        .slice(0, 50)
        .map((p) => formatProblem(p.file === 'request body' ? { ...p, file: cliFile } : p));
      expect(apiLines).toEqual(cliRun.lines);
    },
  );
});
