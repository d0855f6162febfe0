import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, readmeWithTable } from '../../scripts/measures-doc.ts';

describe('README', () => {
  it('lists every measure of the registry with its options (npm run docs:measures)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(readme).toBe(readmeWithTable(readme));
  });
});
