/**
 * The planner's report on the demo: `clusterlens report --out …html|…pdf` (the PDF printed through the
 * same headless Chromium as the browser tests) and GET /api/report behind the view's button. It must carry
 * every indicator's answer with the sentences the API gives, say "we cannot tell" for the teaching case,
 * and show Table 1's printed values beside the computed series.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByGroupResult } from '../../src/did/by-group.ts';
import { INDICATORS } from '../../src/domain/indicators.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-report-'));
let t: TestApp;
beforeAll(async () => {
  t = await demoApp();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const report = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), 'report', ...args], {
    env: testEnv(),
    encoding: 'utf8',
  });
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('clusterlens report', () => {
  it('writes HTML with every answer in words, the teaching case as "we cannot tell", and Table 1', async () => {
    const out = path.join(dir, 'report.html');
    const run = report('--out', out);
    expect(run.status, run.stderr).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    for (const definition of INDICATORS) {
      const response = await t.app.inject({ url: `/api/did?indicator=${definition.id}&groupBy=cluster` });
      const answer = response.json() as ByGroupResult;
      expect(html).toContain(escaped(answer.question.text));
      for (const g of answer.groups) expect(html).toContain(escaped(g.sentence));
    }
    expect(html).toContain('We cannot tell whether joining Воронежский машиностроительный кластер (демо)');
    for (const printed of ['(9243.2)', '(18244.79)', '(19910.65)', '(26086.2)', '(4922)', '(120.9)'])
      expect(html).toContain(printed);
  });

  it('prints a PDF of several pages through Chromium', () => {
    const out = path.join(dir, 'report.pdf');
    const run = report('--out', out);
    expect(run.status, run.stderr).toBe(0);
    const pdf = fs.readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(7); // title, five indicators, profiles, gaps
  });

  it('refuses an output that is neither PDF nor HTML', () => {
    const run = report('--out', path.join(dir, 'report.txt'));
    // an invalid argument: exit code 1 with the reason (2 is for invalid data)
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\.pdf or \.html/);
    expect(fs.existsSync(path.join(dir, 'report.txt'))).toBe(false);
  });

  it('GET /api/report gives the same document for the view’s button', async () => {
    const response = await t.app.inject({ url: '/api/report' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<h2>The metacorporation</h2>');
    expect(response.body).toContain('We cannot tell whether joining');
  });
});
