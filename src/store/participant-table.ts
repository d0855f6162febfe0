/**
 * The participant table: every participant's own fields (municipality, founded, employees), its free
 * attributes (`attr.*` properties) and one value per indicator — of a given year, or the latest — in one
 * read. The web view's data table and its styling by attribute read it (GET /api/network/attributes).
 */
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { int, plain } from './values.ts';

export interface ParticipantRow {
  municipality: string | null;
  founded: number | null;
  employees: number | null;
  /** Free attributes (the bundle's `attributes`). */
  attributes: Record<string, string | number | boolean>;
  /** Indicator id → its value and the year it is of. */
  indicators: Record<string, { year: number; value: number }>;
}

export async function readParticipantTable(
  store: Store,
  year: number | null,
): Promise<Record<string, ParticipantRow>> {
  const s = session(store, 'READ');
  try {
    const result = await s.run(cypher('participant-table'), { year: year === null ? null : int(year) });
    const out: Record<string, ParticipantRow> = {};
    for (const record of result.records) {
      const row = plain(record.toObject()) as {
        props: Record<string, unknown>;
        indicators: { indicator: string; year: number; value: number }[];
      };
      const attributes: ParticipantRow['attributes'] = {};
      for (const [name, value] of Object.entries(row.props))
        if (name.startsWith('attr.')) attributes[name.slice(5)] = value as string | number | boolean;
      const indicators: ParticipantRow['indicators'] = {};
      for (const i of row.indicators) indicators[i.indicator] = { year: i.year, value: i.value };
      out[row.props.id as string] = {
        municipality: (row.props.municipality as string) ?? null,
        founded: (row.props.founded as number) ?? null,
        employees: (row.props.employees as number) ?? null,
        attributes,
        indicators,
      };
    }
    return out;
  } finally {
    await s.close();
  }
}
