/**
 * Issues, lists and revokes the bearer tokens that may write.
 *
 *   npm run token -- --role admin --name "Ministry dashboard team"
 *   npm run token -- --role coordinator --municipality 853 --name "Turku ICT coordinator"
 *   npm run token -- --role admin --name ... --kind jwt --expires-in-days 90
 *   npm run token -- list
 *   npm run token -- revoke 12
 *
 * The token is printed once; only an API key's hash is stored.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditRepository } from '../src/audit/audit.repository';
import { ActorRole, TokenKind } from '../src/auth/auth.enums';
import { issueToken, revokeToken, type TokenAuditEntry } from '../src/auth/auth.service';
import { TokensRepository } from '../src/auth/tokens.repository';
import { DomainError } from '../src/common/errors';
import { textProblem } from '../src/common/text-rules';
import { runCli, withAppDatabase } from './cli-database';

const USAGE = `usage:
  npm run token -- --role admin --name <holder> [--kind api-key|jwt] [--expires-in-days N]
  npm run token -- --role coordinator --municipality <code> [--municipality <code> ...] --name <holder> [...]
  npm run token -- list
  npm run token -- revoke <id>`;

/** Ten years: a longer-lived token is a key nobody remembers issuing. */
const MAX_TOKEN_DAYS = 3650;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        municipality: { type: 'string', multiple: true },
        kind: { type: 'string', default: 'api-key' },
        'expires-in-days': { type: 'string' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, arg] = positionals;

  if (command === 'list') {
    return withAppDatabase(async (ds) => {
      console.table(await new TokensRepository(ds).readList());
      return 0;
    });
  }
  if (command === 'revoke') {
    const id = Number(arg);
    if (!Number.isInteger(id) || id <= 0) {
      console.error(USAGE);
      return 2;
    }
    return withAppDatabase(async (ds) => {
      const revoked = await ds.transaction(async (tx) => {
        const entries: TokenAuditEntry[] = [];
        const done = await revokeToken(new TokensRepository(ds), tx, id, (entry) =>
          entries.push(entry),
        );
        await new AuditRepository(ds).writeEvents(
          tx,
          { tokenId: null, name: cliActor(), role: ActorRole.ADMIN },
          'revokeToken',
          entries.map((entry) => ({ ...entry, reason: null })),
          [],
        );
        return done;
      });
      console.log(revoked ? `revoked token ${id}` : `token ${id} was already revoked`);
      return 0;
    });
  }
  if (command !== undefined) {
    console.error(USAGE);
    return 2;
  }

  const role = values.role?.toUpperCase();
  const kind = values.kind?.toUpperCase().replace('-', '_');
  const daysText = values['expires-in-days'];
  const days =
    daysText === undefined ? null : /^[0-9]{1,6}$/.test(daysText) ? Number(daysText) : NaN;
  const nameProblem = values.name?.trim() ? textProblem(values.name.trim()) : null;
  const problems = [
    role === ActorRole.ADMIN || role === ActorRole.COORDINATOR
      ? null
      : '--role must be admin or coordinator',
    values.name?.trim() ? null : '--name is required',
    nameProblem ? `--name ${nameProblem}` : null,
    kind === TokenKind.API_KEY || kind === TokenKind.JWT ? null : '--kind must be api-key or jwt',
    days === null || (days >= 1 && days <= MAX_TOKEN_DAYS)
      ? null
      : `--expires-in-days must be a whole number of days from 1 to ${MAX_TOKEN_DAYS.toLocaleString('en')} (ten years), not "${daysText}"`,
    (values.municipality ?? []).every((c) => /^\d{3}$/.test(c))
      ? null
      : '--municipality takes a three-digit municipality code',
  ].filter(Boolean);
  if (problems.length) {
    console.error(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }
  return withAppDatabase(async (ds, config) => {
    try {
      const issued = await issueToken(new TokensRepository(ds), {
        name: values.name!.trim(),
        role: role as ActorRole,
        kind: kind as TokenKind,
        municipalityCodes: values.municipality ?? [],
        expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000),
        jwtSecret: config.JWT_SECRET,
      });
      console.error(`token ${issued.id} (${issued.kind}, ${role}) issued; it is shown only now:`);
      console.log(issued.token);
      return 0;
    } catch (e) {
      if (e instanceof DomainError) {
        console.error(e.message);
        return 2;
      }
      throw e;
    }
  });
}

/** Who a command-line change is recorded as in the audit trail. */
function cliActor(): string {
  return `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`;
}

runCli(main);
