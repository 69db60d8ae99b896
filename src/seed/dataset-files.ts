import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { dataDir } from '../config/paths';
import { LanguageStatus } from '../organisations/organisation.enums';
import { ParticipantRole, ProjectCategory } from '../projects/project.enums';

/** Reads data/*.csv into typed rows and checks every reference between the files. */
type Row = Record<string, string>;

export function readCsv(file: string, delimiter = ','): Row[] {
  return parse<Row>(readFileSync(join(dataDir(), file), 'utf8'), {
    columns: true,
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
}

const LANGUAGE: Record<string, LanguageStatus> = {
  '0': LanguageStatus.FINNISH,
  '1': LanguageStatus.BILINGUAL_FINNISH_MAJORITY,
  '2': LanguageStatus.SWEDISH,
  '3': LanguageStatus.BILINGUAL_SWEDISH_MAJORITY,
};

const nullable = (value: string | undefined): string | null =>
  value === undefined || value.trim() === '' ? null : value;
const int = (value: string | undefined): number | null =>
  nullable(value) === null ? null : Number(value);

/** Programme facts that may be unknown; each known one needs a row in programme-facts.csv. */
const PROGRAMME_FACTS = [
  'callOpenedOn',
  'callClosedOn',
  'decidedOn',
  'decidedYear',
  'applicationsReceived',
  'projectsGranted',
  'budgetEur',
  'grantedTotalEur',
  'completionDeadline',
  'minParticipants',
  'maxGrantShare',
  'reuseDuty',
  'cooperationDuty',
  'themes',
  'exclusions',
] as const;

/** Project facts that project-facts.csv may give, each with its own source. */
export const PROJECT_FACTS = [
  'titleSv',
  'titleFi',
  'description',
  'period',
  'startDate',
  'endDate',
];

export interface Dataset {
  sources: {
    key: string;
    title: string;
    publisher: string | null;
    url: string | null;
    publishedOn: string | null;
    note: string | null;
  }[];
  regions: { code: string; nameFi: string; nameSv: string; nameEn: string }[];
  municipalities: {
    code: string;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    regionCode: string;
    languageStatus: LanguageStatus;
    population2019: number | null;
    sourceKey: string;
  }[];
  mergers: { code: string; successorCode: string; mergedOn: string; sourceKey: string }[];
  jointAuthorities: {
    code: string | null;
    nameFi: string;
    nameSv: string | null;
    nameEn: string | null;
    memberCodes: string[];
    sourceKey: string;
  }[];
  programmes: {
    code: string;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    callOpenedOn: string | null;
    callClosedOn: string | null;
    decidedOn: string | null;
    decidedYear: number | null;
    applicationsReceived: number | null;
    projectsGranted: number | null;
    projectListComplete: boolean;
    budgetEur: string | null;
    grantedTotalEur: string | null;
    completionDeadline: string | null;
    minParticipants: number | null;
    maxGrantShare: string | null;
    reuseDuty: boolean | null;
    cooperationDuty: boolean | null;
    themes: string[] | null;
    exclusions: string[] | null;
    provenance: Record<string, string>;
  }[];
  topics: {
    slug: string;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    description: string | null;
    descriptionFi: string | null;
    descriptionSv: string | null;
    sourceKey: string;
  }[];
  projects: {
    /** The row's key in projects.csv, "<programme>/<id>", stored as project.dataset_key. */
    key: string;
    programmeCode: string;
    category: ProjectCategory;
    listPosition: number | null;
    titleSv: string | null;
    titleFi: string | null;
    description: string | null;
    period: string | null;
    startDate: string | null;
    endDate: string | null;
    grantEur: string | null;
    grantIsMaximum: boolean;
    participantsKnown: boolean;
    provenance: Record<string, string>;
  }[];
  participants: {
    projectKey: string;
    municipalityCode: string;
    role: ParticipantRole;
    sourceKey: string;
  }[];
  projectTopics: { projectKey: string; topicSlug: string; sourceKey: string }[];
  outputs: {
    projectKey: string;
    position: number;
    title: string;
    description: string | null;
    publishedAt: string | null;
    sourceKey: string;
  }[];
}

export class DatasetError extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DatasetError(`data/: ${message}`);
}

export function readDataset(): Dataset {
  const sources = readCsv('sources.csv').map((r) => ({
    key: r.key,
    title: r.title,
    publisher: nullable(r.publisher),
    url: nullable(r.url),
    publishedOn: nullable(r.published_on),
    note: nullable(r.note),
  }));
  const sourceKeys = new Set(sources.map((s) => s.key));
  const source = (key: string, where: string) => {
    check(sourceKeys.has(key), `${where}: unknown source "${key}"`);
    return key;
  };

  const m2020 = readCsv('municipalities-2020.csv');
  const regions = new Map<string, Dataset['regions'][number]>();
  for (const r of m2020)
    regions.set(r.region_code, {
      code: r.region_code,
      nameFi: r.region_fi,
      nameSv: r.region_sv,
      nameEn: r.region_en,
    });
  const municipalities = m2020.map((r) => {
    check(/^\d{3}$/.test(r.code), `municipalities-2020.csv: bad code "${r.code}"`);
    check(LANGUAGE[r.language_code], `municipalities-2020.csv ${r.code}: bad language_code`);
    return {
      code: r.code,
      nameFi: r.name_fi,
      nameSv: r.name_sv,
      nameEn: r.name_en,
      regionCode: r.region_code,
      languageStatus: LANGUAGE[r.language_code],
      population2019: int(r.population_2019_12_31),
      sourceKey: source('statfi-municipalities-2020', 'municipalities'),
    };
  });
  const codes = new Set(municipalities.map((m) => m.code));

  const mergers = readCsv('municipality-mergers.csv').map((r) => {
    check(
      codes.has(r.code) && codes.has(r.successor_code),
      `municipality-mergers.csv: unknown code in ${r.code}`,
    );
    return {
      code: r.code,
      successorCode: r.successor_code,
      mergedOn: r.merged_on,
      sourceKey: source(r.source_key, 'mergers'),
    };
  });
  // A merger is recorded for exactly the codes that the 2021 division no longer has.
  const codes2021 = new Set(readCsv('municipalities-2021.csv').map((r) => r.code));
  const gone = [...codes].filter((c) => !codes2021.has(c)).sort();
  check(
    JSON.stringify(gone) === JSON.stringify(mergers.map((m) => m.code).sort()),
    `mergers ${gone.join(', ')} are not all recorded`,
  );

  const jointAuthorities = readCsv('joint-authorities.csv').map((r) => {
    const memberCodes = r.member_codes.split(';').filter(Boolean);
    for (const c of memberCodes)
      check(codes.has(c), `joint-authorities.csv ${r.name_fi}: unknown member ${c}`);
    return {
      code: nullable(r.code),
      nameFi: r.name_fi,
      nameSv: nullable(r.name_sv),
      nameEn: nullable(r.name_en),
      memberCodes,
      sourceKey: source(r.source_key, 'joint-authorities'),
    };
  });

  const bool = (value: string, where: string): boolean | null => {
    check(
      ['', 'true', 'false'].includes(value),
      `${where}: "${value}" is not true, false or empty`,
    );
    return value === '' ? null : value === 'true';
  };
  const list = (value: string) => (value.trim() === '' ? null : value.split(';'));
  const programmeFacts = readCsv('programme-facts.csv');
  const programmes = readCsv('programmes.csv').map((r) => {
    const provenance: Record<string, string> = {};
    for (const f of programmeFacts.filter((x) => x.programme === r.code))
      provenance[f.fact] = source(f.source_key, `programme-facts.csv ${r.code} ${f.fact}`);
    const programme = {
      code: r.code,
      nameFi: r.name_fi,
      nameSv: r.name_sv,
      nameEn: r.name_en,
      callOpenedOn: nullable(r.call_opened_on),
      callClosedOn: nullable(r.call_closed_on),
      decidedOn: nullable(r.decided_on),
      decidedYear: int(r.decided_year),
      applicationsReceived: int(r.applications_received),
      projectsGranted: int(r.projects_granted),
      projectListComplete: r.project_list_complete === 'true',
      budgetEur: nullable(r.budget_eur),
      grantedTotalEur: nullable(r.granted_total_eur),
      completionDeadline: nullable(r.completion_deadline),
      minParticipants: int(r.min_participants),
      maxGrantShare: nullable(r.max_grant_share),
      reuseDuty: bool(r.reuse_duty, `programmes.csv ${r.code} reuse_duty`),
      cooperationDuty: bool(r.cooperation_duty, `programmes.csv ${r.code} cooperation_duty`),
      themes: list(r.themes),
      exclusions: list(r.exclusions),
      provenance,
    };
    check(
      ['true', 'false'].includes(r.project_list_complete),
      `programmes.csv ${r.code}: project_list_complete must be true or false`,
    );
    // Every known fact names its source, and no source is named for an unknown one.
    for (const fact of PROGRAMME_FACTS) {
      const known = programme[fact] !== null;
      check(
        known === fact in provenance,
        `programme ${r.code}: ${fact} is ${known ? 'known but has no source' : 'unknown but has a source'}`,
      );
    }
    return programme;
  });
  const programmeCodes = new Set(programmes.map((p) => p.code));
  for (const f of programmeFacts)
    check(programmeCodes.has(f.programme), `programme-facts.csv: unknown programme ${f.programme}`);

  const topics = readCsv('topics.csv').map((r) => ({
    slug: r.slug,
    nameFi: r.name_fi,
    nameSv: r.name_sv,
    nameEn: r.name_en,
    description: nullable(r.description_en),
    descriptionFi: nullable(r.description_fi),
    descriptionSv: nullable(r.description_sv),
    sourceKey: source('editorial-topics', 'topics'),
  }));
  const topicSlugs = new Set(topics.map((t) => t.slug));

  const projectRows = readCsv('projects.csv');
  const projectKeys = new Set(projectRows.map((r) => r.key));
  check(projectKeys.size === projectRows.length, 'projects.csv: a key is used twice');
  const known = (key: string, file: string) => {
    check(projectKeys.has(key), `${file}: unknown project ${key}`);
    return key;
  };
  const grants = new Map(readCsv('grants.csv').map((r) => [known(r.project, 'grants.csv'), r]));
  const facts = readCsv('project-facts.csv');
  for (const f of facts) {
    known(f.project, 'project-facts.csv');
    check(PROJECT_FACTS.includes(f.fact), `project-facts.csv: unknown fact ${f.fact}`);
    if (f.fact.endsWith('Date'))
      check(/^\d{4}-\d{2}-\d{2}$/.test(f.value), `project-facts.csv: bad date ${f.value}`);
  }
  const participantRows = readCsv('participants.csv');
  const projects = projectRows.map((r) => {
    check(r.category in ProjectCategory, `projects.csv: bad category ${r.category}`);
    check(programmeCodes.has(r.programme), `projects.csv ${r.key}: unknown programme`);
    check(
      r.key.startsWith(`${r.programme}/`),
      `projects.csv ${r.key}: key must start with its programme`,
    );
    check(codes.has(r.lead_code), `projects.csv ${r.key}: unknown lead ${r.lead_code}`);
    const listing = source(r.source_key, `projects.csv ${r.key}`);
    const grant = grants.get(r.key);
    const fact = (name: string) => facts.find((f) => f.project === r.key && f.fact === name);
    const partners = participantRows.filter(
      (p) => p.project === r.key && p.role === ParticipantRole.PARTNER,
    );
    const provenance: Record<string, string> = {
      category: listing,
      lead: listing,
      status: listing,
    };
    if (r.position) provenance.listPosition = listing;
    const titleSv = nullable(r.title_sv) ?? fact('titleSv')?.value ?? null;
    check(!(r.title_sv && fact('titleSv')), `project ${r.key}: titleSv given twice`);
    if (r.title_sv) provenance.titleSv = listing;
    const values: Record<string, string | null> = {};
    for (const name of PROJECT_FACTS) {
      const f = fact(name);
      values[name] = f ? f.value : null;
      if (f) provenance[name] = source(f.source_key, `project-facts.csv ${r.key} ${name}`);
    }
    if (grant) provenance.grantEur = source(grant.source_key, `grant ${r.key}`);
    // The partners' sources, in file order; each participation also keeps its own.
    if (partners.length) provenance.participants = partners[0].source_key;
    const participantsKnown = r.participants_known === 'true';
    check(
      ['true', 'false'].includes(r.participants_known),
      `projects.csv ${r.key}: participants_known must be true or false`,
    );
    if (participantsKnown) provenance.participantsKnown = partners[0]?.source_key ?? listing;
    return {
      key: r.key,
      programmeCode: r.programme,
      category: r.category as ProjectCategory,
      listPosition: int(r.position),
      titleSv,
      titleFi: values.titleFi,
      description: values.description,
      period: values.period,
      startDate: values.startDate,
      endDate: values.endDate,
      grantEur: grant ? grant.amount_eur : null,
      grantIsMaximum: grant?.amount_is_maximum === 'true',
      participantsKnown,
      provenance,
    };
  });

  const participants = participantRows.map((r) => {
    known(r.project, 'participants.csv');
    check(
      codes.has(r.municipality_code),
      `participants.csv: unknown municipality ${r.municipality_code}`,
    );
    check(r.role in ParticipantRole, `participants.csv: bad role ${r.role}`);
    return {
      projectKey: r.project,
      municipalityCode: r.municipality_code,
      role: r.role as ParticipantRole,
      sourceKey: source(r.source_key, 'participants'),
    };
  });
  for (const p of projects) {
    const mine = participants.filter((x) => x.projectKey === p.key);
    const leads = mine.filter((x) => x.role === ParticipantRole.LEAD);
    check(leads.length === 1, `project ${p.key} needs exactly one lead`);
    const lead = projectRows.find((r) => r.key === p.key)!.lead_code;
    check(
      leads[0].municipalityCode === lead,
      `project ${p.key}: the lead differs from projects.csv`,
    );
    check(
      new Set(mine.map((x) => x.municipalityCode)).size === mine.length,
      `project ${p.key}: an organisation takes part twice`,
    );
  }

  const projectTopics = readCsv('project-topics.csv').map((r) => {
    known(r.project, 'project-topics.csv');
    check(topicSlugs.has(r.topic_slug), `project-topics.csv: unknown topic ${r.topic_slug}`);
    return {
      projectKey: r.project,
      topicSlug: r.topic_slug,
      sourceKey: source('editorial-topics', 'project topics'),
    };
  });

  const outputs = readCsv('project-outputs.csv').map((r) => ({
    projectKey: known(r.project, 'project-outputs.csv'),
    position: Number(r.position),
    title: r.title,
    description: nullable(r.description),
    publishedAt: nullable(r.published_at),
    sourceKey: source(r.source_key, `project-outputs.csv ${r.project}`),
  }));

  return {
    sources,
    regions: [...regions.values()],
    municipalities,
    mergers,
    jointAuthorities,
    programmes,
    topics,
    projects,
    participants,
    projectTopics,
    outputs,
  };
}
