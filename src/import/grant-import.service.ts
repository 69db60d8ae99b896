import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  MutationRunner,
  type MutationSpec,
  type WriteScope,
} from '../audit/mutation-runner.service';
import { assertMayAdminister } from '../auth/access';
import { type Actor, isAdmin } from '../auth/actor';
import { ConflictError, DomainError, ErrorCode } from '../common/errors';
import { expectGlobalId, toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { Source } from '../sources/source.entity';
import { projectRuleBreach, ruleInput } from '../projects/project-rules';
import { type NewProject, ProjectLifecycleService } from '../projects/project-lifecycle.service';
import { ParticipantRole } from '../projects/project.enums';
import { ImportGrantDecisionsInput } from './dto/grant-import.inputs';
import {
  type Column,
  type GrantDecisionRow,
  parseGrantDecisions,
  type RowError,
} from './grant-decisions-csv';
import { GrantImportResult } from './grant-import.models';
import { GrantImportRepository, listingKey } from './grant-import.repository';
import { type ImportProgrammeRow } from './sql/grant-import.statements';
import { requireProgrammeByCode, requireProgrammeById } from '../programmes/programmes.repository';

export const IMPORT_OPERATION = 'importGrantDecisions';

/** The decision document the file transcribes. */
export interface ImportSource {
  url: string;
  title: string;
  publisher?: string | null;
  publishedOn?: string | null;
  note?: string | null;
}

export interface GrantImportRequest {
  /** By database id (the mutation, with the global id as given) or by code (the CLI). */
  programme: { id: number; given: string } | { code: string };
  csv: string;
  source: ImportSource;
  dryRun: boolean;
}

/** The column a programme rule is about, so a breach points at the cell to fix. */
const RULE_COLUMN: Record<string, Column> = {
  ONE_LEAD: 'lead',
  MIN_PARTICIPANTS: 'partners',
  DATES_ORDERED: 'start_date',
  DEADLINE: 'end_date',
};

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRunDone extends Error {
  constructor(readonly result: GrantImportResult) {
    super('dry run');
  }
}

/** The source key of a file: the same file always gets the same key. */
export function importSourceKey(csv: string): string {
  return `import-${sha256(csv).slice(0, 12)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Imports a programme's grant decisions from CSV, all or nothing: every row
 * is checked (form, codes, slugs, free list positions, programme rules) and
 * every problem reported with its line before anything is written; then one
 * transaction inserts every project through ProjectLifecycleService.insert, so
 * each gets the same rules and its own audit row as createProject.
 */
@Injectable()
export class GrantImportService {
  constructor(
    private readonly runner: MutationRunner,
    private readonly repo: GrantImportRepository,
    private readonly projects: ProjectLifecycleService,
  ) {}

  /** The mutation: as the caller of this request, who must be an admin. */
  importForRequest(ctx: RequestContext, input: ImportGrantDecisionsInput) {
    const request: GrantImportRequest = {
      programme: {
        id: expectGlobalId(input.programme, ['Programme'], 'input.programme'),
        given: input.programme,
      },
      csv: input.csv,
      source: input.source,
      dryRun: input.dryRun,
    };
    return this.execute((spec, work) => this.runner.run(ctx, spec, work), request, input);
  }

  /** The CLI: as a tokenless actor, named in the audit trail. */
  importAs(actor: Actor, request: GrantImportRequest) {
    return this.execute((spec, work) => this.runner.runAs(actor, spec, work), request, request);
  }

  private async execute(
    run: (
      spec: MutationSpec<GrantImportResult>,
      work: (w: WriteScope) => Promise<GrantImportResult>,
    ) => Promise<GrantImportResult>,
    request: GrantImportRequest,
    input: object,
  ): Promise<GrantImportResult> {
    // Parsed before the transaction, reported inside it: a caller without rights learns nothing.
    const file = parseGrantDecisions(request.csv);
    try {
      return await run({ operation: IMPORT_OPERATION, input }, async (w) => {
        assertMayAdminister(w.actor, 'import grant decisions');
        const programme = await this.programme(w, request.programme);
        const sourceKey = importSourceKey(request.csv);
        await this.requireNotImported(w, sourceKey);
        const errors = [...file.errors];
        const projects = await this.resolve(w, programme, file.rows, errors);
        if (errors.length) throw invalidFile(errors);

        const source = await this.upsertSource(w, sourceKey, request);
        const rowSources = await this.rowSources(w, sourceKey, file.rows);
        for (const [i, row] of file.rows.entries()) {
          const facts = row.source ? rowSources.get(row.source.url) : undefined;
          projects[i].factSourceKey = facts;
          projects[i].partnerSourceKey = row.partnersSourceUrl
            ? rowSources.get(row.partnersSourceUrl)
            : facts;
        }
        const created: number[] = [];
        for (const [i, project] of projects.entries()) {
          try {
            const inserted = await this.repo.inSavepoint(w.manager, () =>
              this.projects.insert(w, project, sourceKey, 'row'),
            );
            created.push(inserted.id);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            const rule = e.extensions.rule;
            errors.push({
              line: file.rows[i].line,
              message: e.message,
              ...(typeof rule === 'string' ? { rule, column: RULE_COLUMN[rule] } : {}),
            });
          }
        }
        if (errors.length) throw invalidFile(errors);

        const result: GrantImportResult = {
          dryRun: request.dryRun,
          projectCount: projects.length,
          participantCount: projects.reduce((n, p) => n + p.participants.length, 0),
          topicCount: projects.reduce((n, p) => n + p.topicIds.length, 0),
          projectIds: request.dryRun ? [] : created.map((id) => toGlobalId('Project', id)),
          source,
        };
        if (request.dryRun) throw new DryRunDone(result);
        return result;
      });
    } catch (e) {
      if (e instanceof DryRunDone) return e.result;
      throw e;
    }
  }

  private async programme(
    w: WriteScope,
    ref: GrantImportRequest['programme'],
  ): Promise<ImportProgrammeRow> {
    return 'id' in ref
      ? requireProgrammeById(w.manager, ref.id, ref.given)
      : requireProgrammeByCode(w.manager, ref.code);
  }

  /**
   * The key comes from the file's content, so importing the same file twice is
   * caught here: every imported project's status cites the file.
   */
  private async requireNotImported(w: WriteScope, sourceKey: string): Promise<void> {
    if (await this.repo.alreadyImported(w.manager, sourceKey))
      throw new ConflictError(`This file was already imported (source ${sourceKey})`, {
        source: sourceKey,
      });
  }

  /**
   * Looks up every code and slug in a few queries, and reports what insert()
   * would refuse (unknown codes and slugs, taken list positions, programme
   * rules) for every row, not only the first.
   */
  private async resolve(
    w: WriteScope,
    programme: ImportProgrammeRow,
    rows: GrantDecisionRow[],
    errors: RowError[],
  ): Promise<NewProject[]> {
    const codes = [...new Set(rows.flatMap((r) => [r.lead, ...r.partners]))];
    const slugs = [...new Set(rows.flatMap((r) => r.topics))];
    const organisations = await this.repo.organisationsByCode(w.manager, codes);
    const topics = await this.repo.topicsBySlug(w.manager, slugs);
    const taken = await this.repo.takenListings(w.manager, programme.id);

    return rows.map((row) => {
      const report = (column: Column | undefined, message: string, rule?: string) =>
        errors.push({ line: row.line, column, message, ...(rule ? { rule } : {}) });
      const organisation = (code: string, column: Column) => {
        const id = organisations.get(code);
        if (id === undefined)
          report(column, `no municipality or joint authority has the code ${code}`);
        return id ?? 0;
      };
      const participants = [
        { organisationId: organisation(row.lead, 'lead'), role: ParticipantRole.LEAD },
        ...row.partners.map((code) => ({
          organisationId: organisation(code, 'partners'),
          role: ParticipantRole.PARTNER,
        })),
      ];
      const topicIds = row.topics.map((slug) => {
        const id = topics.get(slug);
        if (id === undefined) report('topics', `no topic has the slug "${slug}"`);
        return id ?? 0;
      });
      const listing = listingKey(row.category, row.listPosition);
      const existing = row.listPosition === null ? undefined : taken.get(listing);
      if (existing !== undefined)
        report(
          'list_position',
          `${listing} is already taken in this programme by project ${toGlobalId('Project', existing)}`,
        );
      const breach = projectRuleBreach(
        ruleInput(
          { ...row, participants },
          {
            deadlineOverrideReason: row.deadlineOverrideReason,
            endDateChanged: true,
            actorIsAdmin: isAdmin(w.actor),
          },
          programme,
        ),
      );
      if (breach) report(RULE_COLUMN[breach.rule], breach.message, breach.rule);
      return {
        programmeId: programme.id,
        category: row.category,
        listPosition: row.listPosition,
        titleSv: row.titleSv,
        titleFi: row.titleFi,
        titleEn: row.titleEn,
        description: row.description,
        status: row.status,
        startDate: row.startDate,
        endDate: row.endDate,
        grantEur: row.grantEur,
        grantIsMaximum: row.grantIsMaximum,
        participantsKnown: row.participantsKnown,
        deadlineOverrideReason: row.deadlineOverrideReason,
        period: row.period,
        participants,
        topicIds,
        given: new Map(
          participants.map((p, i) => [p.organisationId, [row.lead, ...row.partners][i]]),
        ),
      };
    });
  }

  /**
   * The sources that rows name by address. An address already known (say, from
   * data/sources.csv) keeps its source; a new one gets the key url-<12 hex of its SHA-256>.
   */
  private async rowSources(
    w: WriteScope,
    fileKey: string,
    rows: GrantDecisionRow[],
  ): Promise<Map<string, string>> {
    const titles = new Map<string, string | null>();
    for (const r of rows) {
      if (r.source && !titles.get(r.source.url)) titles.set(r.source.url, r.source.title);
      if (r.partnersSourceUrl && !titles.has(r.partnersSourceUrl))
        titles.set(r.partnersSourceUrl, null);
    }
    return this.repo.citedSources(w.manager, titles, fileKey);
  }

  /** The decision document as a source row; the note records exactly which file was read. */
  private upsertSource(w: WriteScope, key: string, request: GrantImportRequest): Promise<Source> {
    const { url, title, publisher, publishedOn, note } = request.source;
    const provenance = `Imported with ${IMPORT_OPERATION} from a CSV file with SHA-256 ${sha256(request.csv)}.`;
    return this.repo.upsertSource(w.manager, {
      key,
      title,
      publisher: publisher ?? null,
      url,
      publishedOn: publishedOn ?? null,
      note: note ? `${note} ${provenance}` : provenance,
    });
  }
}

/** One BAD_USER_INPUT for the whole file, listing every problem by line. */
function invalidFile(errors: RowError[]): DomainError {
  const rows = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lines = new Set(rows.flatMap((e) => (e.line === null ? [] : [e.line]))).size;
  const message = lines
    ? `${lines} ${lines === 1 ? 'row of the file is' : 'rows of the file are'} invalid; nothing was imported`
    : 'The file cannot be read; nothing was imported';
  return new DomainError(ErrorCode.BAD_USER_INPUT, message, { argument: 'input.csv', rows });
}
