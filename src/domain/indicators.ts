/**
 * The five indicators of Table 1 in Charykova & Markova (2019), «Долина машиностроения», and how
 * participant-level observations add up to a cluster-level figure. The demo generator makes the
 * cluster's enterprises add up to Table 1 exactly under these rules; analyses use the same rules.
 */

export type Aggregation =
  /** Σ value (jobs, market shares, investment per capita of the oblast). */
  | { kind: 'sum' }
  /** Σ value·weight / Σ weight: a ratio of totals, or a weighted mean. */
  | { kind: 'weighted-mean'; weight: 'employees' | 'output' };

export interface IndicatorDefinition {
  id: string;
  name: string;
  nameRu: string;
  unit: string;
  /** Decimal places printed in Table 1. */
  decimals: number;
  aggregation: Aggregation;
}

export const INDICATORS: IndicatorDefinition[] = [
  {
    id: 'output_per_worker',
    name: 'Output per worker',
    nameRu: 'Выработка на одного работника',
    unit: 'mln RUB per person',
    decimals: 1,
    // Total output / total employment = Σ(opw·employees) / Σ employees.
    aggregation: { kind: 'weighted-mean', weight: 'employees' },
  },
  {
    id: 'high_productivity_jobs',
    name: 'High-productivity jobs',
    nameRu: 'Количество высокопроизводительных рабочих мест',
    unit: 'jobs',
    decimals: 0,
    aggregation: { kind: 'sum' },
  },
  {
    id: 'market_share',
    name: "Share of the cluster's sales in the Russian market",
    nameRu: 'Доля продаж кластера на российском рынке',
    unit: '% of the Russian market',
    decimals: 1,
    aggregation: { kind: 'sum' },
  },
  {
    id: 'production_index',
    name: 'Production index (machinery and equipment)',
    nameRu: 'Индекс производства машин и оборудования',
    unit: '% of the previous year',
    decimals: 1,
    // An index of the cluster's production is the output-weighted mean of its members' indices.
    aggregation: { kind: 'weighted-mean', weight: 'output' },
  },
  {
    id: 'investment_per_capita',
    name: 'Investment in fixed capital of machinery and metalworking per capita of the oblast',
    nameRu: 'Инвестиции в основной капитал машиностроения и металлообработки на душу населения области',
    // Table 1's heading says thousand RUB, but 9,243 thousand RUB per inhabitant would be ~10 trillion RUB for
    // the oblast; the values are RUB.
    unit: 'RUB per capita',
    decimals: 2,
    aggregation: { kind: 'sum' },
  },
];

/** Auxiliary yearly indicator: head count, the weight of output per worker. */
export const EMPLOYEES_INDICATOR = { id: 'employees', unit: 'persons' } as const;

export const TABLE1_YEARS = [2005, 2012, 2016, 2017] as const;

/** Table 1 of the article, as printed. */
export const TABLE1: Record<string, Record<(typeof TABLE1_YEARS)[number], number>> = {
  output_per_worker: { 2005: 0.9, 2012: 1.1, 2016: 1.2, 2017: 1.7 },
  high_productivity_jobs: { 2005: 4922, 2012: 5790, 2016: 4150, 2017: 3325 },
  market_share: { 2005: 3, 2012: 3.5, 2016: 4.6, 2017: 5.8 },
  production_index: { 2005: 98.4, 2012: 98.3, 2016: 98.1, 2017: 120.9 },
  investment_per_capita: { 2005: 9243.2, 2012: 18244.79, 2016: 19910.65, 2017: 26086.2 },
};

export function indicatorDefinition(id: string): IndicatorDefinition | undefined {
  return INDICATORS.find((i) => i.id === id);
}

/** One participant's values in one year: the indicator and, where needed, its weight's inputs. */
export interface UnitYear {
  value: number;
  employees?: number;
  outputPerWorker?: number;
}

/** The cluster-level figure from participant-level values, by the indicator's aggregation rule. */
export function aggregate(definition: IndicatorDefinition, units: UnitYear[]): number {
  if (definition.aggregation.kind === 'sum') return units.reduce((s, u) => s + u.value, 0);
  const weightOf =
    definition.aggregation.weight === 'employees'
      ? (u: UnitYear) => u.employees
      : (u: UnitYear) =>
          u.employees === undefined || u.outputPerWorker === undefined
            ? undefined
            : u.employees * u.outputPerWorker;
  let num = 0;
  let den = 0;
  for (const u of units) {
    const w = weightOf(u);
    if (w === undefined)
      throw new Error(`${definition.id}: a weighted mean needs employees and output per worker`);
    num += u.value * w;
    den += w;
  }
  return num / den;
}
