/** The exchange format's limits, as documented, and the byte-level readers (UTF-8, depth, syntax). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstSyntaxError, invalidUtf8, parseJsonBytes, scanJson } from '../../src/exchange/bytes.ts';
import { readCsvFiles } from '../../src/exchange/csv.ts';
import { LIMITS, idProblem, stringProblem } from '../../src/exchange/limits.ts';
import { parseRows } from '../../src/exchange/validate.ts';

const DOC = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'exchange-format.md'), 'utf8');

describe('docs/exchange-format.md', () => {
  it.each([
    ['id-length', LIMITS.idLength, /1–(\d+) characters \(id-length\)/],
    ['string-length', LIMITS.stringLength, /at most (\d+) characters \(string-length\)/],
    ['attribute-count', LIMITS.attributeCount, /at most (\d+) per row \(attribute-count\)/],
    ['json-depth', LIMITS.jsonDepth, /at most (\d+) levels of arrays and objects \(json-depth/],
    ['problems', LIMITS.problems, /lists the first (\d+) \(problems/],
    ['safe integers', LIMITS.maxCount, /0 … (\d+) \(2\^53 − 1/],
  ])('documents the %s limit the code enforces', (_name, value, pattern) => {
    const match = pattern.exec(DOC);
    expect(match, String(pattern)).not.toBeNull();
    expect(Number(match![1])).toBe(value);
  });
});

describe('limits on strings and ids', () => {
  it('takes ids of printable characters up to the limit and refuses the rest', () => {
    expect(idProblem('стан-1 a_b.c')).toBeUndefined();
    expect(idProblem('x'.repeat(LIMITS.idLength))).toBeUndefined();
    expect(idProblem('x'.repeat(LIMITS.idLength + 1))).toMatch(/at most/);
    for (const bad of ['a\tb', 'a\u00a0b', 'a\u2028b', 'a\u200bb', 'a\ufffdb', 'a\ue000b', 'a\udc00'])
      expect(idProblem(bad), JSON.stringify(bad)).toMatch(/printable/);
  });

  it('takes strings with tabs and new lines, refuses other control characters and lone surrogates', () => {
    expect(stringProblem('line one\nline two\ttab\r\n')).toBeUndefined();
    expect(stringProblem('a\u0000')).toMatch(/U\+0000/);
    expect(stringProblem('a\u007f')).toMatch(/U\+007F/);
    expect(stringProblem('\ud83d')).toMatch(/surrogate/);
    expect(stringProblem('😀')).toBeUndefined();
  });
});

describe('bytes', () => {
  it('finds invalid UTF-8 with line and column, and accepts every valid sequence', () => {
    expect(invalidUtf8(Buffer.from('aé€😀\n'))).toEqual([]);
    const bad = Buffer.concat([Buffer.from('ok\nab'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('c')]);
    expect(invalidUtf8(bad)).toEqual([{ offset: 5, byte: 0xed, line: 2, column: 3 }]);
    for (const seq of [[0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82]])
      expect(invalidUtf8(Buffer.from(seq)), seq.join(' ')).toHaveLength(1);
  });

  it('agrees with JSON.parse on what is JSON', () => {
    const texts = [
      '{}',
      '[]',
      '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}',
      ' {"a" : { "b" : [ ] } } ',
      '{"a":1,}',
      '[01]',
      '[1.]',
      '{"a" 1}',
      '"\\x"',
      '[1] [2]',
      'nul',
      '-',
      '{"a":"tab\there"}',
    ];
    for (const text of texts) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(firstSyntaxError(text) === undefined, text).toBe(parses);
    }
  });

  it('names the path of a place in JSON and stops at the depth limit without recursion', () => {
    const text = Buffer.from('{"participants":[{"id":"a"},{"id":"b","attributes":{"note":"here"}}]}');
    expect(scanJson(text, { until: text.indexOf('here') })).toMatchObject({
      path: '$.participants[1].attributes.note',
      field: 'attributes.note',
    });
    const deep = Buffer.from(`{"meta":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    const place = scanJson(deep, { maxDepth: LIMITS.jsonDepth })!;
    expect(place.tooDeep).toBe(true);
    expect(place.path).toBe(`$.meta${'[0]'.repeat(LIMITS.jsonDepth - 1)}`);
    expect(parseJsonBytes(deep, 'deep.json').problems[0]!.message).toMatch(/deeper than 16 levels/);
  });

  it('reads CSV bytes: a bad byte is named by line and column, the cell by its column', () => {
    const csv = Buffer.concat([
      Buffer.from('id,kind,name,region\nx,startup,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',r\n'),
    ]);
    const raw = readCsvFiles([{ name: 'participants.csv', bytes: csv }]);
    expect(parseRows(raw).problems).toEqual([
      {
        file: 'participants.csv',
        line: 2,
        field: 'name',
        message: 'is not valid UTF-8: byte 0xE9 at line 2, column 14',
      },
    ]);
  });
});
