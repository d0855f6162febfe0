import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_DOC, docWithTable } from '../../scripts/measures-doc.ts';

describe('docs/analysis.md', () => {
  it('lists every measure of the registry with its options (npm run docs:measures)', () => {
    const doc = fs.readFileSync(ANALYSIS_DOC, 'utf8');
    expect(doc).toBe(docWithTable(doc));
  });
});
