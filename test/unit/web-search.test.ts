import { describe, expect, it } from 'vitest';
import { abbreviations, matchAbbreviation } from '../../web/src/search.ts';

const people = [
  {
    id: 'uni-lgtu',
    name: 'Липецкий государственный технический университет',
    kind: 'university',
    region: 'lipetsk',
  },
  {
    id: 'uni-lgpu',
    name: 'Липецкий государственный педагогический университет им. П. П. Семенова-Тян-Шанского',
    kind: 'university',
    region: 'lipetsk',
  },
  { id: 'inc', name: 'Бизнес-инкубатор ЛГТУ', kind: 'infrastructure', region: 'lipetsk' },
  { id: 'dol-1', name: 'ООО «Литпром-ЛИП»', kind: 'enterprise', region: 'lipetsk' },
];

describe('short names in search', () => {
  it('abbreviates the words of a name up to a dedication', () => {
    expect(abbreviations(people[0]!.name)).toEqual(['ЛГТУ']);
    expect(abbreviations(people[1]!.name)).toEqual(['ЛГПУ']);
  });

  it('"ЛГТУ" finds the university, not the incubator that carries the short name', () => {
    expect(matchAbbreviation('ЛГТУ', people).map((p) => p.id)).toEqual(['uni-lgtu']);
    expect(matchAbbreviation('лгту', people).map((p) => p.id)).toEqual(['uni-lgtu']);
    expect(matchAbbreviation('ЛГ', people).map((p) => p.id)).toEqual([]);
    expect(matchAbbreviation('ЛГП', people).map((p) => p.id)).toEqual(['uni-lgpu']);
    expect(matchAbbreviation('Литпром', people)).toEqual([]);
  });
});
