import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DID_DOC, docWithTable } from '../../scripts/did-doc.ts';

describe('docs/did.md', () => {
  it("shows the demo's effects as the product computes them (npx tsx scripts/did-doc.ts)", () => {
    const doc = fs.readFileSync(DID_DOC, 'utf8');
    expect(doc).toBe(docWithTable(doc));
  });
});
