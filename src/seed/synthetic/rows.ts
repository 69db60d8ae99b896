/**
 * Turns a synthetic network into rows in PostgreSQL's COPY text format, table by
 * table in foreign-key order. Rows are produced lazily in chunks of about 64 KiB,
 * so loading streams and never holds a table's text in memory.
 *
 * Ids: each table continues after the largest id already in the database (`IdBases`),
 * in generation order, so the same network and bases give byte-identical text.
 */
import {
  COMMITMENT_KINDS,
  COMMITMENT_PROVENANCES,
  COMMITMENT_STATUSES,
  completionDeadlineDay,
  LANGUAGE_STATUSES,
  NO_WORD,
  PROJECT_CATEGORIES,
  PROJECT_STATUSES,
  SyntheticNetwork,
  TITLE_SLOTS,
  wordOf,
} from './network';
import { capitalise } from './vocabulary';

export const SOURCE_KEY = 'synthetic-generator';
export const TITLE_PREFIX = 'SYNTHETIC: ';
const CHUNK_CHARS = 64 * 1024;

/** The largest id of each table before the synthetic rows; new ids start one above. */
export interface IdBases {
  organisation: number;
  programme: number;
  topic: number;
  project: number;
  cooperationCommitment: number;
  reuseLink: number;
}

export interface CopyTable {
  table: string;
  columns: readonly string[];
  rows: number;
  /**
   * What a part of the table is cut by: its own rows, or projects (a project's
   * participations and topics travel with it, so a part only needs its own projects).
   */
  unit: 'row' | 'project';
  units: number;
  /** Rows in units [from, to). */
  rowCount(from: number, to: number): number;
  /** The rows of units [from, to) as COPY text, in chunks of about 64 KiB. */
  chunks(from?: number, to?: number): Iterable<string>;
}

export interface SourceRow {
  key: string;
  title: string;
  publisher: string;
  note: string;
}

export function sourceRow(net: SyntheticNetwork): SourceRow {
  const o = net.options;
  return {
    key: SOURCE_KEY,
    title: 'SYNTHETIC network from scripts/generate.ts',
    publisher: 'kuntaverkko synthetic-network generator',
    note:
      `Made up for benchmarks, not real data. Seed ${o.seed}; ${o.organisations} organisations, ` +
      `${o.projects} projects, ${o.commitments} commitments requested ` +
      `(${net.participantOrg.length} participations, ${net.topicOf.length} project topics, ` +
      `${net.reuseLinks.count} reuse links).`,
  };
}

/** Escapes a value for COPY's text format; null becomes \N. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : value;
}

const dates = new Map<number, string>();
/** ISO date of a day number, cached: a network spans only a few thousand distinct days. */
export function isoDate(day: number): string {
  let text = dates.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dates.set(day, text);
  }
  return text;
}

function* chunked(from: number, to: number, line: (i: number) => string): Generator<string> {
  let buffer = '';
  for (let i = from; i < to; i++) {
    buffer += line(i);
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

export function organisationCode(index: number, count: number): string {
  return String(index + 1).padStart(Math.max(6, String(count).length), '0');
}

export function projectTitle(net: SyntheticNetwork, project: number): string {
  const w = net.projects.titleWords;
  const at = project * TITLE_SLOTS;
  const word = (slot: number) => wordOf(net, w[at + slot]);
  let title = `${TITLE_PREFIX}${capitalise(word(4))} ${word(0)} och ${word(1)}`;
  if (w[at + 2] !== NO_WORD) title += ` för ${word(2)}`;
  if (w[at + 3] !== NO_WORD) title += ` och ${word(3)}`;
  return `${title} ${word(5)}`;
}

const PROVENANCE_FACTS = [
  'titleSv',
  'category',
  'status',
  'lead',
  'participants',
  'startDate',
  'endDate',
];
const provenanceJson = (facts: string[]) =>
  JSON.stringify(Object.fromEntries(facts.sort().map((f) => [f, SOURCE_KEY])));
const PROVENANCE_GRANT_KNOWN = provenanceJson([...PROVENANCE_FACTS, 'grantEur']);
const PROVENANCE_GRANT_UNKNOWN = provenanceJson([...PROVENANCE_FACTS]);

function byRow(
  table: string,
  columns: readonly string[],
  count: number,
  line: (i: number) => string,
): CopyTable {
  return {
    table,
    columns,
    rows: count,
    unit: 'row',
    units: count,
    rowCount: (from, to) => to - from,
    chunks: (from = 0, to = count) => chunked(from, to, line),
  };
}

/** A table cut by project; `offsets` are the first row of each project (none: one row each). */
function byProject(
  table: string,
  columns: readonly string[],
  projects: number,
  offsets: Int32Array | null,
  lines: (project: number) => string,
): CopyTable {
  const rowCount = (from: number, to: number) =>
    offsets ? offsets[to] - offsets[from] : to - from;
  return {
    table,
    columns,
    rows: rowCount(0, projects),
    unit: 'project',
    units: projects,
    rowCount,
    chunks: (from = 0, to = projects) => chunked(from, to, lines),
  };
}

/** Every synthetic table in foreign-key order, with its columns and rows. */
export function copyTables(net: SyntheticNetwork, bases: IdBases): CopyTable[] {
  const { seed } = net.options;
  const orgs = net.organisations;
  const projects = net.projects;
  const commitments = net.commitments;
  const reuse = net.reuseLinks;
  const orgId = (i: number) => bases.organisation + 1 + i;
  const projectId = (j: number) => bases.project + 1 + j;
  const topicId = (t: number) => bases.topic + 1 + t;

  return [
    byRow(
      'topic',
      ['id', 'slug', 'name_fi', 'name_sv', 'name_en', 'description', 'source_key', 'synthetic'],
      net.topics.length,
      (t) => {
        const topic = net.topics[t];
        const n = String(t + 1).padStart(3, '0');
        const name = capitalise(topic.words[0]);
        return (
          [
            topicId(t),
            topic.slug,
            copyText(`Synteettinen aihe ${n}: ${name}`),
            copyText(`Syntetiskt ämne ${n}: ${name}`),
            copyText(`Synthetic topic ${n}: ${name}`),
            copyText(`SYNTHETIC topic of scripts/generate.ts (seed ${seed}).`),
            SOURCE_KEY,
            't',
          ].join('\t') + '\n'
        );
      },
    ),
    byRow(
      'programme',
      [
        'id',
        'code',
        'name_fi',
        'name_sv',
        'name_en',
        'call_opened_on',
        'call_closed_on',
        'decided_year',
        'applications_received',
        'projects_granted',
        'completion_deadline',
        'min_participants',
        'max_grant_share',
        'reuse_duty',
        'cooperation_duty',
        'provenance',
        'synthetic',
      ],
      net.programmes.length,
      (i) => {
        const p = net.programmes[i];
        const round = i + 1;
        return (
          [
            bases.programme + round,
            copyText(`synthetic-${seed}-${round}`),
            copyText(`SYNTHETIC: synteettinen ohjelmakierros ${round} (siemen ${seed})`),
            copyText(`SYNTHETIC: syntetisk programomgång ${round} (frö ${seed})`),
            copyText(`SYNTHETIC programme round ${round} (seed ${seed})`),
            `${p.callYear}-09-01`,
            `${p.callYear}-10-31`,
            p.callYear + 1,
            '\\N',
            p.projectCount,
            isoDate(completionDeadlineDay(p.callYear)),
            2,
            round % 2 === 0 ? '0.750' : '0.850',
            't',
            't',
            '{}',
            't',
          ].join('\t') + '\n'
        );
      },
    ),
    byRow(
      'organisation',
      [
        'id',
        'kind',
        'code',
        'name_fi',
        'name_sv',
        'name_en',
        'region_code',
        'language_status',
        'population2019',
        'source_key',
        'synthetic',
      ],
      orgs.count,
      (i) => {
        const code = organisationCode(i, orgs.count);
        const name = `Synthetic municipality ${code}`;
        return `${orgId(i)}\tMUNICIPALITY\tS${code}\t${name}\t${name}\t${name}\t${
          net.options.regions[orgs.region[i]].code
        }\t${LANGUAGE_STATUSES[orgs.language[i]]}\t${orgs.population[i]}\t${SOURCE_KEY}\tt\n`;
      },
    ),
    byProject(
      'project',
      [
        'id',
        'programme_id',
        'category',
        'title_sv',
        'status',
        'start_date',
        'end_date',
        'grant_eur',
        'grant_is_maximum',
        'participants_known',
        'provenance',
        'synthetic',
      ],
      projects.count,
      null,
      (j) => {
        const grant = projects.grant[j];
        return `${projectId(j)}\t${bases.programme + 1 + projects.programme[j]}\t${
          PROJECT_CATEGORIES[projects.category[j]]
        }\t${copyText(projectTitle(net, j))}\t${PROJECT_STATUSES[projects.status[j]]}\t${isoDate(
          projects.startDay[j],
        )}\t${isoDate(projects.endDay[j])}\t${grant < 0 ? '\\N' : grant}\t${
          projects.grantIsMaximum[j] ? 't' : 'f'
        }\tt\t${grant < 0 ? PROVENANCE_GRANT_UNKNOWN : PROVENANCE_GRANT_KNOWN}\tt\n`;
      },
    ),
    byProject(
      'participation',
      ['project_id', 'organisation_id', 'role', 'source_key'],
      projects.count,
      net.participantStart,
      (j) => {
        const id = projectId(j);
        let lines = '';
        for (let k = net.participantStart[j]; k < net.participantStart[j + 1]; k++) {
          const role = k === net.participantStart[j] ? 'LEAD' : 'PARTNER';
          lines += `${id}\t${orgId(net.participantOrg[k])}\t${role}\t${SOURCE_KEY}\n`;
        }
        return lines;
      },
    ),
    byProject(
      'project_topic',
      ['project_id', 'topic_id', 'weight', 'source_key'],
      projects.count,
      net.topicStart,
      (j) => {
        const id = projectId(j);
        let lines = '';
        for (let k = net.topicStart[j]; k < net.topicStart[j + 1]; k++) {
          const weight = k === net.topicStart[j] ? '1' : '0.5';
          lines += `${id}\t${topicId(net.topicOf[k])}\t${weight}\t${SOURCE_KEY}\n`;
        }
        return lines;
      },
    ),
    byRow(
      'cooperation_commitment',
      [
        'id',
        'project_a_id',
        'project_b_id',
        'kind',
        'status',
        'provenance',
        'note',
        'committed_on',
      ],
      commitments.count,
      (i) =>
        `${bases.cooperationCommitment + 1 + i}\t${projectId(commitments.a[i])}\t${projectId(
          commitments.b[i],
        )}\t${COMMITMENT_KINDS[commitments.kind[i]]}\t${
          COMMITMENT_STATUSES[commitments.status[i]]
        }\t${COMMITMENT_PROVENANCES[commitments.provenance[i]]}\tSYNTHETIC commitment\t${isoDate(
          commitments.committedDay[i],
        )}\n`,
    ),
    byRow(
      'reuse_link',
      ['id', 'project_id', 'source_project_id', 'description'],
      reuse.count,
      (i) =>
        `${bases.reuseLink + 1 + i}\t${projectId(reuse.project[i])}\t${projectId(
          reuse.source[i],
        )}\tSYNTHETIC: builds on an earlier project on the same topic\n`,
    ),
  ];
}
