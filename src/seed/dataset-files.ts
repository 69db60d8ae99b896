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
const projectKey = (row: Row) => `${row.category}:${row.position}`;

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
    decidedYear: number | null;
    applicationsReceived: number | null;
    projectsGranted: number | null;
    completionDeadline: string;
    minParticipants: number;
    maxGrantShare: string | null;
    reuseDuty: boolean;
    cooperationDuty: boolean;
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
    key: string;
    programmeCode: string;
    category: ProjectCategory;
    listPosition: number;
    titleSv: string;
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

  const programmes = readCsv('programmes.csv').map((r) => {
    const keys = r.source_keys.split(';').map((k) => source(k, `programme ${r.code}`));
    const [listing, rules] = [keys[0], keys[keys.length - 1]];
    return {
      code: r.code,
      nameFi: r.name_fi,
      nameSv: r.name_sv,
      nameEn: r.name_en,
      callOpenedOn: nullable(r.call_opened_on),
      callClosedOn: nullable(r.call_closed_on),
      decidedYear: int(r.decided_year),
      applicationsReceived: int(r.applications_received),
      projectsGranted: int(r.projects_granted),
      completionDeadline: r.completion_deadline,
      minParticipants: Number(r.min_participants),
      maxGrantShare: nullable(r.max_grant_share),
      reuseDuty: r.reuse_duty === 'true',
      cooperationDuty: r.cooperation_duty === 'true',
      provenance: {
        applicationsReceived: listing,
        projectsGranted: listing,
        minParticipants: listing,
        reuseDuty: listing,
        cooperationDuty: listing,
        callOpenedOn: rules,
        callClosedOn: rules,
        decidedYear: rules,
        completionDeadline: rules,
        maxGrantShare: rules,
      },
    };
  });
  check(programmes.length === 1, 'programmes.csv: the dataset has one programme');
  const programmeCode = programmes[0].code;

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

  const grants = new Map(readCsv('grants.csv').map((r) => [projectKey(r), r]));
  const participantRows = readCsv('participants.csv');
  const projects = readCsv('projects.csv').map((r) => {
    check(r.category in ProjectCategory, `projects.csv: bad category ${r.category}`);
    check(codes.has(r.lead_code), `projects.csv ${projectKey(r)}: unknown lead ${r.lead_code}`);
    const grant = grants.get(projectKey(r));
    const partners = participantRows.filter(
      (p) => projectKey(p) === projectKey(r) && p.role === ParticipantRole.PARTNER,
    );
    const provenance: Record<string, string> = {
      titleSv: 'vm-press-release-2020',
      category: 'vm-press-release-2020',
      listPosition: 'vm-press-release-2020',
      lead: 'vm-press-release-2020',
      status: 'vm-press-release-2020',
    };
    if (grant) provenance.grantEur = source(grant.source_key, `grant ${projectKey(r)}`);
    if (partners.length) provenance.participants = partners[0].source_key;
    return {
      key: projectKey(r),
      programmeCode,
      category: r.category as ProjectCategory,
      listPosition: Number(r.position),
      titleSv: r.title_sv,
      grantEur: grant ? grant.amount_eur : null,
      grantIsMaximum: grant?.amount_is_maximum === 'true',
      // Only a source that names the partners makes the participant list known.
      participantsKnown: partners.length > 0,
      provenance,
    };
  });
  const projectKeys = new Set(projects.map((p) => p.key));
  for (const key of grants.keys())
    check(projectKeys.has(key), `grants.csv: unknown project ${key}`);

  const participants = participantRows.map((r) => {
    check(projectKeys.has(projectKey(r)), `participants.csv: unknown project ${projectKey(r)}`);
    check(
      codes.has(r.municipality_code),
      `participants.csv: unknown municipality ${r.municipality_code}`,
    );
    check(r.role in ParticipantRole, `participants.csv: bad role ${r.role}`);
    return {
      projectKey: projectKey(r),
      municipalityCode: r.municipality_code,
      role: r.role as ParticipantRole,
      sourceKey: source(r.source_key, 'participants'),
    };
  });
  for (const p of projects) {
    const leads = participants.filter(
      (x) => x.projectKey === p.key && x.role === ParticipantRole.LEAD,
    );
    check(leads.length === 1, `project ${p.key} needs exactly one lead`);
  }

  const projectTopics = readCsv('project-topics.csv').map((r) => {
    check(projectKeys.has(projectKey(r)), `project-topics.csv: unknown project ${projectKey(r)}`);
    check(topicSlugs.has(r.topic_slug), `project-topics.csv: unknown topic ${r.topic_slug}`);
    return {
      projectKey: projectKey(r),
      topicSlug: r.topic_slug,
      sourceKey: source('editorial-topics', 'project topics'),
    };
  });

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
  };
}
