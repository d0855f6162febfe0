/** The network as it crosses to a computation thread: packed into columns and back, unchanged. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { networkFromBundle } from '../../src/analysis/network.ts';
import { packNetwork, unpackNetwork } from '../../src/api/compute/protocol.ts';
import type { Bundle } from '../../src/exchange/model.ts';

describe('packNetwork / unpackNetwork', () => {
  it('round-trips the demo network through a structured clone, ties with and without years', () => {
    const network = networkFromBundle(JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as Bundle);
    network.ties[0] = { ...network.ties[0]! };
    delete network.ties[0].since;
    const packed = structuredClone(packNetwork(network));
    expect(packed.source).toBeInstanceOf(Int32Array);
    const back = unpackNetwork(packed);
    expect(back).toEqual(network);
    expect('since' in back.ties[0]!).toBe(false);
    expect(back.ties.some((t) => t.since !== undefined)).toBe(true);
  });
});
