/** Command-line options of scripts/generate.ts; pure, so that the unit specs can check them. */
import { APP_DATABASE } from '../../config/paths';

export const DEFAULT_DATABASE = 'kuntaverkko_synthetic';
/** Dropping one of these would break the server, so they are refused as targets too. */
const SYSTEM_DATABASES = ['postgres', 'template0', 'template1'];

export const USAGE =
  'usage: npm run generate -- --organisations N --projects M --seed S [--commitments C] [--database NAME]';

export interface GenerateOptions {
  organisations: number;
  projects: number;
  seed: number;
  commitments: number;
  database: string;
}

export class UsageError extends Error {}

const REQUIRED = ['organisations', 'projects', 'seed'] as const;
const KNOWN = new Set<string>([...REQUIRED, 'commitments', 'database']);

export function parseGenerateArgs(argv: readonly string[]): GenerateOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"\n${USAGE}`);
    const [, name, inline] = match;
    if (!KNOWN.has(name)) throw new UsageError(`unknown option --${name}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`--${name} needs a value\n${USAGE}`);
    if (values.has(name)) throw new UsageError(`--${name} is given twice`);
    values.set(name, value);
  }
  for (const name of REQUIRED)
    if (!values.has(name)) throw new UsageError(`--${name} is required\n${USAGE}`);

  const integer = (name: string, min: number, max: number): number => {
    const text = values.get(name)!;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
      throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
    return value;
  };
  const organisations = integer('organisations', 2, 10_000_000);
  const projects = integer('projects', 0, 10_000_000);
  const seed = integer('seed', 0, 0xffffffff);
  const commitments = values.has('commitments')
    ? integer('commitments', 0, 100_000_000)
    : Math.floor(projects / 2);
  const database = values.get('database') ?? DEFAULT_DATABASE;
  checkTargetDatabase(database);
  return { organisations, projects, seed, commitments, database };
}

/** The target is dropped and re-created, so only a plain, non-application name is accepted. */
export function checkTargetDatabase(name: string): void {
  if (name === APP_DATABASE)
    throw new UsageError(
      `refusing to write synthetic data into the application database "${APP_DATABASE}"; ` +
        `choose another --database (default ${DEFAULT_DATABASE})`,
    );
  if (SYSTEM_DATABASES.includes(name))
    throw new UsageError(`refusing to drop and re-create the system database "${name}"`);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new UsageError(
      `--database must be a lower-case name of letters, digits and _ (at most 63), got "${name}"`,
    );
}
