/**
 * The organisations of the Lipetsk demo: the four Lipetsk clusters with «Долина машиностроения» as the
 * article describes it (114 participants: 87 enterprises, 3 universities, 1 research institute, and
 * innovation infrastructure and development institutions), the metacorporation around them, another
 * region's cluster development centre and cluster, start-ups, investors, and a control group of
 * enterprises that never joined a cluster.
 *
 * What the article states is marked `attributes.source = 'article'`; everything else is synthetic
 * (`attributes.synthetic = true`): names of enterprises, the membership of named institutions, years.
 */
import type {
  Cluster,
  Membership,
  Participant,
  ParticipantKind,
  Platform,
  Project,
  Region,
} from '../src/exchange/model.ts';
import type { Random } from '../src/random.ts';

export const DOLINA = 'dolina';

export const REGIONS: Region[] = [
  { id: 'ru', name: 'Российская Федерация (федеральный уровень)' },
  { id: 'lipetsk', name: 'Липецкая область' },
  { id: 'voronezh', name: 'Воронежская область' },
  { id: 'tambov', name: 'Тамбовская область' },
  { id: 'kursk', name: 'Курская область' },
];

export const CLUSTERS: Cluster[] = [
  {
    id: DOLINA,
    name: 'Долина машиностроения',
    region: 'lipetsk',
    specialization:
      'machinery and metalworking: machine tools, machine-tool components, motor vehicles and agricultural machinery, precision castings',
    formed: 2012,
    attributes: { source: 'article', name_en: 'Machine-Building Valley' },
  },
  {
    id: 'stanko',
    name: 'Кластер станкостроения и станкоинструментальной промышленности',
    region: 'lipetsk',
    specialization: 'machine-tool building and tool industry',
    formed: 2014,
    attributes: { source: 'article', synthetic_fields: 'formed, members' },
  },
  {
    id: 'appliances',
    name: 'Кластер бытовой техники',
    region: 'lipetsk',
    specialization: 'white goods (household appliances)',
    formed: 2015,
    attributes: { source: 'article', synthetic_fields: 'formed, members' },
  },
  {
    id: 'composites',
    name: 'Кластер композитных материалов и изделий',
    region: 'lipetsk',
    specialization: 'composite materials and products',
    formed: 2016,
    attributes: { source: 'article', synthetic_fields: 'formed, members' },
  },
  {
    id: 'voronezh-machinery',
    name: 'Воронежский машиностроительный кластер (демо)',
    region: 'voronezh',
    specialization: 'pumps, hydraulics and agricultural machinery',
    formed: 2013,
    attributes: {
      synthetic: true,
      teaching_case:
        'pre-trend violation: its members already grew 5 % a year faster than other enterprises before they joined, so DiD cannot attribute their growth to the cluster',
    },
  },
];

/** Virtual platforms by sphere of mutual interest (the article's Fig. 3). */
export const PLATFORMS: (Platform & { specializations: string[] })[] = [
  {
    id: 'castings',
    name: 'Литейные технологии',
    sphere: 'cast-iron and steel castings',
    launched: 2013,
    specializations: ['precision castings', 'metalworking'],
  },
  {
    id: 'composites',
    name: 'Композиты',
    sphere: 'composite materials',
    launched: 2015,
    specializations: ['composites', 'precision castings'],
  },
  {
    id: 'hydropneumatics',
    name: 'Гидравлика и пневматика',
    sphere: 'hydraulic and pneumatic equipment',
    launched: 2014,
    specializations: ['hydraulics and pneumatics', 'agricultural machinery'],
  },
  {
    id: 'electric-motors',
    name: 'Электродвигатели',
    sphere: 'low-voltage electric motors',
    launched: 2014,
    specializations: ['electric motors', 'household appliances'],
  },
  {
    id: 'machining-centres',
    name: 'Обрабатывающие центры',
    sphere: 'milling, turning and grinding centres',
    launched: 2013,
    specializations: ['machine tools', 'machine-tool components'],
  },
  {
    id: 'digital-production',
    name: 'Цифровое производство',
    sphere: 'digital production and industrial software',
    launched: 2016,
    specializations: ['machine tools', 'motor vehicles', 'metalworking'],
  },
  {
    id: 'agro-machinery',
    name: 'Сельхозмашиностроение',
    sphere: 'motor vehicles and agricultural machinery',
    launched: 2014,
    specializations: ['agricultural machinery', 'motor vehicles'],
  },
].map((p) => ({ ...p, attributes: { synthetic: true } }));

/** The four key cooperation projects of the cluster strategy, each with the sphere of its anchors. */
export const PROJECTS: (Project & { specialization: string; platform: string })[] = [
  {
    id: 'stanina',
    name: 'Станина',
    description: 'cast-iron and steel castings and composite machine beds',
    started: 2013,
    specialization: 'precision castings',
    platform: 'castings',
  },
  {
    id: 'fluidmash',
    name: 'Флюидмаш',
    description: 'hydraulic and pneumatic equipment',
    started: 2014,
    specialization: 'hydraulics and pneumatics',
    platform: 'hydropneumatics',
  },
  {
    id: 'genborg',
    name: 'Генборг',
    description: 'low-voltage electric motors',
    started: 2014,
    specialization: 'electric motors',
    platform: 'electric-motors',
  },
  {
    id: 'intermash',
    name: 'Интермаш',
    description: 'milling, turning and grinding machining centres',
    started: 2015,
    specialization: 'machine tools',
    platform: 'machining-centres',
  },
].map((p) => ({ ...p, attributes: { source: 'article' } }));

const DOLINA_SPECIALIZATIONS = [
  'machine tools',
  'machine-tool components',
  'motor vehicles',
  'agricultural machinery',
  'precision castings',
  'hydraulics and pneumatics',
  'electric motors',
  'metalworking',
];

/** «Долина машиностроения»'s 87 enterprises by municipality (the article's territory). */
const DOLINA_ENTERPRISE_PLACES: [string, number][] = [
  ['Липецк', 42],
  ['Елец', 16],
  ['Грязинский район', 10],
  ['Усманский район', 6],
  ['Лебедянский район', 7],
  ['Елецкий район', 6],
];

const NAME_STEMS: Record<string, string[]> = {
  'machine tools': ['Станкомаш', 'Фрезмаш', 'Токарьпром', 'Шлифстанок', 'Станкопроект'],
  'machine-tool components': ['Шпиндель', 'Станкокомплект', 'Направляющие', 'Привод-Комплект', 'Узлотех'],
  'motor vehicles': ['Автокомпонент', 'Автоагрегат', 'Спецавто', 'Трансмаш'],
  'agricultural machinery': ['Агромаш', 'Сельхозагрегат', 'Агротехника', 'Плугмаш'],
  'precision castings': ['Точлит', 'Литпром', 'Литмаш', 'Чугунлит', 'Сталь-Литьё'],
  'hydraulics and pneumatics': ['Гидропривод', 'Пневмотех', 'Гидроагрегат', 'Флюид'],
  'electric motors': ['Электромотор', 'Электропривод', 'Электромаш', 'Якорь'],
  metalworking: ['Металлоформ', 'Мехобработка', 'Металлист', 'Профметалл'],
  'household appliances': ['Бытприбор', 'Холодмаш', 'Бытэлектро', 'Термотех'],
  composites: ['Композит', 'Стеклопласт', 'Углетех', 'Полимерформ'],
  pumps: ['Насосмаш', 'Гидронасос', 'Помпа'],
};

const LEGAL_FORMS = ['ООО', 'АО', 'ООО', 'ООО', 'ЗАО', 'ПАО'];

export interface DemoParticipant extends Participant {
  /** Cluster memberships with their years, for the tie and panel generators. */
  memberships: { cluster: string; since: number; role: string }[];
  specialization?: string;
  /** Bridges clusters (cross-membership, shared institutions): cross-cluster ties are likelier. */
  broker?: boolean;
  anchor?: boolean;
  control?: boolean;
}

export interface DemoEntities {
  participants: DemoParticipant[];
  platformMemberships: Membership[];
  projectMemberships: Membership[];
}

/** Builds the organisations and their memberships. */
export function buildEntities(rng: Random): DemoEntities {
  const participants: DemoParticipant[] = [];
  const usedNames = new Set<string>();
  const counters = new Map<string, number>();

  const add = (
    p: Omit<DemoParticipant, 'memberships'> & { memberships?: DemoParticipant['memberships'] },
  ) => {
    const full: DemoParticipant = { memberships: [], ...p };
    participants.push(full);
    return full;
  };
  const nextId = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(3, '0')}`;
  };
  const enterpriseName = (specialization: string, city: string) => {
    const stems = NAME_STEMS[specialization]!;
    for (let attempt = 0; ; attempt++) {
      const stem = rng.pick(stems);
      const tag =
        attempt < 3 ? city.slice(0, 3).toUpperCase() : `${city.slice(0, 3).toUpperCase()}-${attempt}`;
      const name = `${rng.pick(LEGAL_FORMS)} «${stem}-${tag}»`;
      const key = name.replace(/^\S+ /, '');
      if (!usedNames.has(key)) {
        usedNames.add(key);
        return name;
      }
    }
  };
  const enterprise = (
    prefix: string,
    region: string,
    municipality: string,
    specialization: string,
    extra: Partial<DemoParticipant> = {},
  ) => {
    const anchor = extra.anchor === true;
    const employees = Math.round(
      Math.min(2500, Math.max(25, Math.exp(Math.log(anchor ? 900 : 170) + 0.6 * rng.normal()))),
    );
    return add({
      id: nextId(prefix),
      kind: 'enterprise',
      name: enterpriseName(specialization, municipality),
      region,
      municipality,
      founded: rng.int(1955, 2004),
      employees,
      specialization,
      attributes: { synthetic: true, specialization, innovative: rng.chance(0.3) },
      ...extra,
    });
  };
  const organisation = (
    id: string,
    kind: ParticipantKind,
    name: string,
    region: string,
    municipality: string,
    founded: number,
    attributes: Record<string, string | number | boolean> = { synthetic: true },
    extra: Partial<DemoParticipant> = {},
  ) => add({ id, kind, name, region, municipality, founded, attributes, ...extra });

  // --- «Долина машиностроения»: 87 enterprises in three cohorts (2012, 2014, 2016). ---
  const dolinaEnterprises: DemoParticipant[] = [];
  for (const [place, count] of DOLINA_ENTERPRISE_PLACES) {
    for (let i = 0; i < count; i++) {
      dolinaEnterprises.push(enterprise('dol', 'lipetsk', place, rng.pick(DOLINA_SPECIALIZATIONS)));
    }
  }
  // Anchor companies of the four projects: the largest enterprises of each project's specialisation.
  for (const project of PROJECTS) {
    const candidates = dolinaEnterprises.filter((e) => !e.anchor);
    const same = candidates.filter((e) => e.specialization === project.specialization);
    const pool = same.length > 0 ? same : candidates;
    const anchor = pool.sort((a, b) => b.employees! - a.employees!)[0]!;
    if (anchor.specialization !== project.specialization) {
      anchor.specialization = project.specialization;
      anchor.attributes = { ...anchor.attributes, specialization: project.specialization };
    }
    anchor.anchor = true;
    anchor.employees = Math.max(anchor.employees!, 800 + rng.int(0, 700));
    anchor.attributes = { ...anchor.attributes, anchor_of: project.id, innovative: true };
  }
  const cohortOrder = rng.shuffle(dolinaEnterprises.filter((e) => !e.anchor));
  const cohorts: [number, number][] = [
    [2012, 36],
    [2014, 30],
    [2016, 17],
  ];
  for (const anchor of dolinaEnterprises.filter((e) => e.anchor)) {
    anchor.memberships.push({ cluster: DOLINA, since: 2012, role: 'anchor' });
  }
  let cursor = 0;
  for (const [year, size] of cohorts) {
    for (const e of cohortOrder.slice(cursor, cursor + size))
      e.memberships.push({ cluster: DOLINA, since: year, role: 'member' });
    cursor += size;
  }

  // Universities and the research institute (3 + 1, as the article counts them).
  const lgtu = organisation(
    'uni-lgtu',
    'university',
    'Липецкий государственный технический университет',
    'lipetsk',
    'Липецк',
    1956,
    { synthetic: true, note: 'real institution; its ties are synthetic' },
    { broker: true },
  );
  const egu = organisation(
    'uni-egu',
    'university',
    'Елецкий государственный университет им. И. А. Бунина',
    'lipetsk',
    'Елец',
    1939,
    { synthetic: true, note: 'real institution; its ties are synthetic' },
  );
  const lgpu = organisation(
    'uni-lgpu',
    'university',
    'Липецкий государственный педагогический университет им. П. П. Семенова-Тян-Шанского',
    'lipetsk',
    'Липецк',
    1931,
    { synthetic: true, note: 'real institution; its ties are synthetic' },
    { broker: true },
  );
  const nic = organisation(
    'ri-dolina',
    'research_institute',
    'Отраслевой НИЦ литейных и станкостроительных технологий',
    'lipetsk',
    'Липецк',
    1978,
    { synthetic: true },
    { broker: true, specialization: 'precision castings' },
  );
  for (const p of [lgtu, egu, lgpu, nic])
    p.memberships.push({ cluster: DOLINA, since: 2012, role: 'research and education' });

  const infrastructure: [string, string, string, number][] = [
    ['infra-sez-lipetsk', 'ОЭЗ ППТ «Липецк»', 'Грязинский район', 2005],
    ['infra-sez-eletsprom', 'ОЭЗ РУ «Елецпром»', 'Елецкий район', 2011],
    ['infra-technopark-lipetsk', 'Технопарк «Липецк»', 'Липецк', 2010],
    ['infra-park-lebedyan', 'Индустриальный парк «Лебедянь»', 'Лебедянский район', 2011],
    ['infra-park-usman', 'Индустриальный парк «Усмань»', 'Усманский район', 2012],
    ['infra-incubator-lgtu', 'Бизнес-инкубатор ЛГТУ', 'Липецк', 2009],
    ['infra-incubator-elets', 'Бизнес-инкубатор г. Ельца', 'Елец', 2010],
    ['infra-engineering-centre', 'Инжиниринговый центр машиностроения', 'Липецк', 2013],
    ['infra-prototyping-centre', 'Центр прототипирования', 'Липецк', 2014],
    ['infra-shared-equipment', 'Центр коллективного пользования «Металлообработка»', 'Елец', 2013],
    [
      'infra-productivity-centre',
      'Региональный центр компетенций в сфере производительности труда',
      'Липецк',
      2016,
    ],
  ];
  for (const [id, name, place, founded] of infrastructure) {
    const attrs: Record<string, string | boolean> = id.startsWith('infra-sez')
      ? { source: 'article', note: 'special economic zone named in the article' }
      : { synthetic: true };
    const p = organisation(id, 'infrastructure', name, 'lipetsk', place, founded, attrs);
    p.memberships.push({
      cluster: DOLINA,
      since: Math.max(2012, founded),
      role: 'innovation infrastructure',
    });
  }
  const institutions: [string, string, number][] = [
    ['dev-corporation', 'Корпорация развития Липецкой области', 2004],
    ['dev-industry-fund', 'Фонд развития промышленности Липецкой области', 2015],
    ['dev-guarantee-fund', 'Гарантийный фонд содействия кредитованию МСП', 2009],
    ['dev-export-centre', 'Центр поддержки экспорта Липецкой области', 2015],
    ['dev-sme-centre', 'Центр поддержки предпринимательства', 2010],
    ['dev-microfinance', 'Микрокредитная компания Липецкой области', 2011],
    ['dev-innovation-fund', 'Областной фонд поддержки инноваций', 2008],
    ['dev-investment-agency', 'Агентство по привлечению инвестиций', 2012],
    ['dev-skills-centre', 'Центр развития кадров машиностроения', 2013],
    ['dev-standards-centre', 'Центр стандартизации и метрологии', 1995],
    ['dev-chamber', 'Торгово-промышленная палата Липецкой области', 1992],
    ['dev-industrialists-union', 'Союз промышленников и предпринимателей Липецкой области', 1997],
  ];
  for (const [id, name, founded] of institutions) {
    const p = organisation(id, 'development_institution', name, 'lipetsk', 'Липецк', founded);
    p.memberships.push({ cluster: DOLINA, since: Math.max(2012, founded), role: 'development institution' });
  }

  // --- The other three Lipetsk clusters and the Voronezh cluster. ---
  const otherCluster = (
    cluster: string,
    prefix: string,
    count: number,
    specializations: string[],
    formed: number,
    region = 'lipetsk',
    places = ['Липецк', 'Грязинский район', 'Данковский район', 'Елец'],
  ) => {
    for (let i = 0; i < count; i++) {
      const e = enterprise(prefix, region, rng.pick(places), rng.pick(specializations));
      // Every member joins in the year the cluster formed: one cohort per cluster, with no pre-trend of its
      // own (seed/panel.ts). The draw is kept so that the rest of the demo stays as it was.
      if (rng.chance(0.25)) rng.int(1, 2);
      e.memberships.push({ cluster, since: formed, role: 'member' });
    }
  };
  otherCluster('stanko', 'stk', 24, ['machine tools', 'machine-tool components', 'metalworking'], 2014);
  otherCluster('appliances', 'app', 20, ['household appliances', 'electric motors'], 2015);
  otherCluster('composites', 'cmp', 14, ['composites'], 2016);
  otherCluster(
    'voronezh-machinery',
    'vrn',
    14,
    ['pumps', 'hydraulics and pneumatics', 'agricultural machinery'],
    2013,
    'voronezh',
    ['Воронеж', 'Нововоронеж', 'Россошанский район'],
  );
  const compositesLab = organisation(
    'ri-composites',
    'research_institute',
    'Лаборатория полимерных композитов',
    'lipetsk',
    'Липецк',
    1998,
    { synthetic: true },
    { specialization: 'composites' },
  );
  compositesLab.memberships.push({ cluster: 'composites', since: 2016, role: 'research and education' });
  const vstu = organisation(
    'uni-vgtu',
    'university',
    'Воронежский государственный технический университет',
    'voronezh',
    'Воронеж',
    1956,
    { synthetic: true, note: 'real institution; its ties are synthetic' },
  );
  vstu.memberships.push({ cluster: 'voronezh-machinery', since: 2013, role: 'research and education' });
  // Shared institutions and a few cross-members bridge the clusters (the brokers an analyst should find).
  lgtu.memberships.push(
    { cluster: 'stanko', since: 2014, role: 'research and education' },
    { cluster: 'appliances', since: 2015, role: 'research and education' },
  );
  lgpu.memberships.push({ cluster: 'composites', since: 2016, role: 'research and education' });
  participants
    .find((p) => p.id === 'infra-technopark-lipetsk')!
    .memberships.push({ cluster: 'stanko', since: 2014, role: 'innovation infrastructure' });
  for (const e of rng
    .shuffle(
      dolinaEnterprises.filter(
        (x) =>
          !x.anchor &&
          x.specialization === 'machine tools' &&
          x.memberships.some((m) => m.cluster === DOLINA && m.since <= 2014),
      ),
    )
    .slice(0, 3)) {
    // not before it joined Dolina: a member's first cluster is Dolina, whose effect it then carries
    const inDolina = e.memberships.find((m) => m.cluster === DOLINA)!.since;
    e.memberships.push({ cluster: 'stanko', since: Math.max(2014, inDolina), role: 'member' });
    e.broker = true;
  }

  // --- The metacorporation above the clusters (the article's Fig. 2). ---
  organisation(
    'gov-minpromtorg',
    'government_body',
    'Министерство промышленности и торговли РФ',
    'ru',
    'Москва',
    2008,
    { source: 'article', level: 'federal' },
  );
  organisation(
    'gov-minek',
    'government_body',
    'Министерство экономического развития РФ',
    'ru',
    'Москва',
    1991,
    { source: 'article', level: 'federal' },
  );
  organisation(
    'gov-minobrnauki',
    'government_body',
    'Министерство науки и высшего образования РФ',
    'ru',
    'Москва',
    2004,
    { synthetic: true, level: 'federal' },
  );
  organisation(
    'gov-lipetsk',
    'government_body',
    'Администрация Липецкой области',
    'lipetsk',
    'Липецк',
    1991,
    { source: 'article', level: 'regional' },
  );
  organisation(
    'gov-voronezh',
    'government_body',
    'Правительство Воронежской области',
    'voronezh',
    'Воронеж',
    1991,
    { synthetic: true, level: 'regional' },
  );
  organisation(
    'agency-industry',
    'regional_agency',
    'Управление инновационной и промышленной политики Липецкой области',
    'lipetsk',
    'Липецк',
    2008,
  );
  organisation(
    'agency-investment',
    'regional_agency',
    'Управление инвестиций и международных связей Липецкой области',
    'lipetsk',
    'Липецк',
    2010,
  );
  organisation(
    'agency-education',
    'regional_agency',
    'Управление образования и науки Липецкой области',
    'lipetsk',
    'Липецк',
    1995,
  );
  organisation(
    'agency-voronezh-industry',
    'regional_agency',
    'Департамент промышленности Воронежской области',
    'voronezh',
    'Воронеж',
    2009,
  );
  organisation(
    'cdc-lipetsk',
    'cluster_development_center',
    'Центр кластерного развития Липецкой области',
    'lipetsk',
    'Липецк',
    2013,
    { source: 'article' },
    { broker: true },
  );
  organisation(
    'cdc-voronezh',
    'cluster_development_center',
    'Центр кластерного развития Воронежской области',
    'voronezh',
    'Воронеж',
    2013,
    { synthetic: true },
    { broker: true },
  );
  organisation(
    'ri-machine-tools',
    'research_institute',
    'НИЦ «Станкоинструмент-Черноземье»',
    'lipetsk',
    'Липецк',
    1985,
    { synthetic: true },
    { specialization: 'machine tools', broker: true },
  );
  organisation(
    'ri-voronezh-hydraulics',
    'research_institute',
    'Лаборатория гидравлических систем',
    'voronezh',
    'Воронеж',
    1990,
    { synthetic: true },
    { specialization: 'hydraulics and pneumatics' },
  );
  const investors: [string, string][] = [
    ['inv-venture-fund', 'Региональный венчурный фонд Липецкой области'],
    ['inv-innovation-assistance', 'Фонд содействия инновациям (региональное представительство)'],
    ['inv-regional-bank', 'Банк развития региона'],
    ['inv-chernozem-capital', 'Инвестиционная компания «Черноземье Капитал»'],
  ];
  for (const [id, name] of investors)
    organisation(id, 'investor', name, 'lipetsk', 'Липецк', rng.int(2003, 2012));

  // Start-up projects, formed from 2013 on the initiative of the participants above.
  const startupSpecializations = [
    ...DOLINA_SPECIALIZATIONS,
    'composites',
    'machine tools',
    'electric motors',
  ];
  for (let i = 0; i < 18; i++) {
    const specialization = rng.pick(startupSpecializations);
    organisation(
      nextId('startup'),
      'startup',
      `Стартап «${rng.pick(NAME_STEMS[specialization]!)}-Лаб ${i + 1}»`,
      'lipetsk',
      rng.pick(['Липецк', 'Липецк', 'Елец']),
      rng.int(2013, 2016),
      { synthetic: true, specialization },
      { specialization },
    );
  }

  // --- The control group: comparable enterprises that never joined a cluster. ---
  const controlPlaces: [string, string[], number][] = [
    ['lipetsk', ['Данковский район', 'Задонский район', 'Чаплыгинский район', 'Тербунский район'], 24],
    ['tambov', ['Тамбов', 'Мичуринск', 'Моршанск'], 18],
    ['kursk', ['Курск', 'Железногорск', 'Щигры'], 18],
  ];
  for (const [region, places, count] of controlPlaces) {
    for (let i = 0; i < count; i++) {
      const e = enterprise('ctl', region, rng.pick(places), rng.pick(DOLINA_SPECIALIZATIONS), {
        control: true,
      });
      e.attributes = { ...e.attributes, comparison_group: true };
    }
  }

  // --- Platform and project memberships. ---
  const platformMemberships: Membership[] = [];
  const joinYear = (p: DemoParticipant, launched: number) =>
    Math.max(launched, p.founded ?? launched) + (rng.chance(0.5) ? rng.int(0, 2) : 0);
  for (const platform of PLATFORMS) {
    for (const p of participants) {
      if (p.control) continue;
      const matches = p.specialization !== undefined && platform.specializations.includes(p.specialization);
      const inCluster = p.memberships.length > 0;
      const join =
        (p.kind === 'enterprise' && inCluster && matches && rng.chance(0.55)) ||
        (p.kind === 'startup' && matches) ||
        (p.kind === 'research_institute' && matches) ||
        (p.kind === 'university' && p.region === 'lipetsk' && rng.chance(0.5)) ||
        (p.kind === 'infrastructure' && rng.chance(0.12)) ||
        (p.kind === 'investor' && rng.chance(0.3)) ||
        p.id === 'cdc-lipetsk';
      if (join) {
        const since = Math.min(2017, joinYear(p, platform.launched!));
        platformMemberships.push({
          participant: p.id,
          platform: platform.id,
          since,
          role: p.id === 'cdc-lipetsk' ? 'moderator' : 'participant',
        });
      }
    }
  }
  const projectMemberships: Membership[] = [];
  for (const project of PROJECTS) {
    const anchor = participants.find((p) => p.attributes?.anchor_of === project.id)!;
    projectMemberships.push({
      participant: anchor.id,
      project: project.id,
      since: project.started,
      role: 'anchor',
    });
    const suppliers = rng
      .shuffle(
        dolinaEnterprises.filter(
          (e) =>
            (!e.anchor && e.specialization === project.specialization) ||
            (!e.anchor && e.specialization === 'metalworking'),
        ),
      )
      .slice(0, rng.int(4, 7));
    for (const s of suppliers)
      projectMemberships.push({
        participant: s.id,
        project: project.id,
        since: project.started! + rng.int(0, 1),
        role: 'supplier',
      });
    for (const r of [lgtu, nic])
      projectMemberships.push({
        participant: r.id,
        project: project.id,
        since: project.started,
        role: 'research partner',
      });
  }
  return { participants, platformMemberships, projectMemberships };
}
