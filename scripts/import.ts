/**
 * Imports a programme's grant decisions from a CSV file, all or nothing (docs/import.md).
 *
 *   npm run import -- decisions.csv --programme vm-digi-joint-2019 \
 *     --source-url https://example.org/decision.pdf --source-title "Päätös …" \
 *     [--source-publisher …] [--source-date YYYY-MM-DD] [--source-note …] [--dry-run]
 *
 * Every bad row is printed as `decisions.csv:LINE: message` and nothing is
 * written (exit code 2). The audit trail records the import as `cli:<user>`.
 */
import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MutationRunner } from '../src/audit/mutation-runner.service';
import { AuditRepository } from '../src/audit/audit.repository';
import { UnitOfWork } from '../src/audit/unit-of-work.repository';
import { type Actor } from '../src/auth/actor';
import { ActorRole } from '../src/auth/auth.enums';
import { AuthService } from '../src/auth/auth.service';
import { TokensRepository } from '../src/auth/tokens.repository';
import { DomainError } from '../src/common/errors';
import { ImportSourceInput } from '../src/import/dto/grant-import.inputs';
import { MAX_CSV_BYTES, type RowError } from '../src/import/grant-decisions-csv';
import { GrantImportService } from '../src/import/grant-import.service';
import { ChangeFeed } from '../src/live/change-feed';
import { ChangeFeedRepository } from '../src/live/change-feed.repository';
import { GrantImportRepository } from '../src/import/grant-import.repository';
import { ProjectLifecycleService } from '../src/projects/project-lifecycle.service';
import { ProjectWriteChecks } from '../src/projects/project-write-checks.service';
import { ProjectWritesRepository } from '../src/projects/project-writes.repository';
import { runCli, withAppDatabase } from './cli-database';

const USAGE = `usage:
  npm run import -- <file.csv> --programme <code> --source-url <url> --source-title <title>
                    [--source-publisher <name>] [--source-date YYYY-MM-DD] [--source-note <text>] [--dry-run]`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        programme: { type: 'string' },
        'source-url': { type: 'string' },
        'source-title': { type: 'string' },
        'source-publisher': { type: 'string' },
        'source-date': { type: 'string' },
        'source-note': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  const source = {
    url: values['source-url'],
    title: values['source-title']?.trim(),
    publisher: values['source-publisher']?.trim() || null,
    publishedOn: values['source-date'] || null,
    note: values['source-note']?.trim() || null,
  };
  const flags: Record<string, string> = {
    url: '--source-url',
    title: '--source-title',
    publisher: '--source-publisher',
    publishedOn: '--source-date',
    note: '--source-note',
  };
  // The same checks as the mutation's input.source.
  const problems = [
    file && !extra.length ? null : 'give exactly one CSV file',
    values.programme?.trim() ? null : '--programme <code> is required, e.g. vm-digi-joint-2019',
    ...validateSync(plainToInstance(ImportSourceInput, source)).map((v) =>
      v.value === undefined
        ? `${flags[v.property]} is required`
        : `${flags[v.property]} ${Object.values(v.constraints ?? {})
            .map((m) => m.replace(new RegExp(`^${v.property} `), ''))
            .join('; ')}`,
    ),
  ].filter(Boolean);
  if (problems.length) {
    console.error(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }

  let csv: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CSV_BYTES) {
      console.error(
        `${file}: the file is ${size} bytes; at most ${MAX_CSV_BYTES} (2 MB): split it`,
      );
      return 2;
    }
    csv = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    const reason = e instanceof TypeError ? 'it is not UTF-8 text' : (e as Error).message;
    console.error(`${file}: cannot be read: ${reason}`);
    return 2;
  }

  return withAppDatabase(async (ds, config) => {
    // The services without the Nest container. The change feed listens and sweeps only once
    // a module starts it, which never happens here; the import publishes no messages anyway.
    const url = (ds.options as { url?: string }).url ?? '';
    const feed = new ChangeFeed(config, new ChangeFeedRepository(ds, config, url));
    const runner = new MutationRunner(
      new UnitOfWork(ds),
      new AuditRepository(ds),
      new AuthService(new TokensRepository(ds), config),
      feed,
    );
    const projects = new ProjectWritesRepository(ds);
    const importer = new GrantImportService(
      runner,
      new GrantImportRepository(),
      new ProjectLifecycleService(runner, projects, new ProjectWriteChecks(projects)),
    );
    const actor: Actor = {
      tokenId: null,
      name: `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`,
      role: ActorRole.ADMIN,
      municipalityIds: [],
    };
    try {
      const result = await importer.importAs(actor, {
        programme: { code: values.programme!.trim() },
        csv,
        source: { ...source, url: source.url!, title: source.title! },
        dryRun: values['dry-run'] ?? false,
      });
      const counts = `${plural(result.projectCount, 'project')} (${plural(result.participantCount, 'participant')}, ${plural(result.topicCount, 'topic')})`;
      if (result.dryRun)
        console.log(`dry run: ${file} would import ${counts}; nothing was written`);
      else {
        console.log(`imported ${counts} from ${file} into ${values.programme}`);
        console.log(`source: ${result.source.key} (${result.source.title})`);
        console.log(`projects: ${result.projectIds.join(' ')}`);
      }
      return 0;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      for (const r of (e.extensions.rows ?? []) as RowError[])
        console.error(
          `${file}:${r.line === null ? '' : `${r.line}:`} ${r.column ? `${r.column}: ` : ''}${r.message}`,
        );
      console.error(`${file}: ${e.message}`);
      return 2;
    }
  });
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

runCli(main);
