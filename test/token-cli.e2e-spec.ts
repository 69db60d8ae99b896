import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectErrorCode, startTestApp, TestApp } from './support/test-app';
import { TEST_JWT_SECRET } from './support/tokens';

const run = promisify(execFile);
const TOKEN_SCRIPT = join(__dirname, '..', 'dist', 'scripts', 'token.js');

/** The token CLI (what `npm run token` runs, built), against the suite's database. */
describe('npm run token', () => {
  let t: TestApp;

  async function token(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [TOKEN_SCRIPT, ...args], {
        env: { ...process.env, DATABASE_URL: t.db.url, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { JWT_SECRET: TEST_JWT_SECRET } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('issues a coordinator API key that acts for its municipality', async () => {
    const issued = await token([
      '--role',
      'coordinator',
      '--municipality',
      '853',
      '--name',
      'Turku ICT',
    ]);
    expect(issued.code).toBe(0);
    const key = issued.stdout.trim();
    expect(key).toMatch(/^kvk_\d+_/);
    const res = await t.gql('{ viewer { name role municipalities } }', {}, key);
    const turku = await t.gql('{ municipality(code: "853") { id } }');
    expect(res.data!.viewer).toEqual({
      name: 'Turku ICT',
      role: 'COORDINATOR',
      municipalities: [turku.data!.municipality.id],
    });
    const [row] = await t.db.sql(`SELECT secret_hash FROM api_token WHERE name = 'Turku ICT'`);
    expect(row.secret_hash).toHaveLength(64);
    expect(row.secret_hash).not.toContain(key.split('_')[2]);
  });

  it('issues an admin JWT with the configured secret, and lists and revokes tokens', async () => {
    const issued = await token(
      ['--role', 'admin', '--name', 'Dashboard team', '--kind', 'jwt', '--expires-in-days', '30'],
      {
        JWT_SECRET: TEST_JWT_SECRET,
      },
    );
    expect(issued.code).toBe(0);
    const jwt = issued.stdout.trim();
    expect(jwt.split('.')).toHaveLength(3);
    expect((await t.gql('{ viewer { role tokenId } }', {}, jwt)).data!.viewer.role).toBe('ADMIN');
    const id = (await t.gql('{ viewer { tokenId } }', {}, jwt)).data!.viewer.tokenId;

    const list = await token(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Dashboard team/);
    expect(list.stdout).not.toMatch(/kvk_|secret/);

    const revoked = await token(['revoke', String(id)]);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(`revoked token ${id}`),
    });
    expectErrorCode(await t.gql('{ viewer { role } }', {}, jwt), 'UNAUTHENTICATED');
    const audit = await t.db.sql(
      `SELECT actor_name FROM audit_event WHERE entity_type = 'ApiToken' AND entity_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ actor_name: expect.stringMatching(/^cli:/) }]);
  });

  it.each([
    [['--role', 'coordinator', '--name', 'No town'], /at least one municipality/],
    [['--role', 'admin', '--municipality', '853', '--name', 'x'], /every municipality/],
    [['--role', 'mayor', '--name', 'x'], /--role must be admin or coordinator/],
    [['--role', 'admin'], /--name is required/],
    [
      ['--role', 'coordinator', '--municipality', '999', '--name', 'x'],
      /No current municipality has the code 999/,
    ],
    [['--role', 'admin', '--name', 'x', '--kind', 'jwt'], /JWT_SECRET/],
    [
      ['--role', 'admin', '--name', 'x', '--expires-in-days', '1e9'],
      /--expires-in-days must be a whole number of days from 1 to 3,650 \(ten years\), not "1e9"/,
    ],
    [['--role', 'admin', '--name', 'x', '--expires-in-days', '1000000'], /from 1 to 3,650/],
    [['--role', 'admin', '--name', 'x', '--expires-in-days', '3651'], /from 1 to 3,650/],
    [['--role', 'admin', '--name', 'x', '--expires-in-days', '30.5'], /from 1 to 3,650/],
    [['--role', 'admin', '--name', 'x', '--expires-in-days', '0'], /from 1 to 3,650/],
    [['--role', 'admin', '--name', 'evil\u202Eexe'], /--name contains U\+202E/],
  ])('refuses %j with exit code 2 and a reason', async (args, reason) => {
    const before = await t.db.sql(`SELECT count(*)::int AS n FROM api_token`);
    const res = await token(args, { JWT_SECRET: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(reason);
    expect(res.stdout.trim()).toBe('');
    // Our own words, never PostgreSQL's.
    expect(res.stderr).not.toMatch(/out of range|timestamp|QueryFailedError|at .+\.js:\d+/);
    expect(await t.db.sql(`SELECT count(*)::int AS n FROM api_token`)).toEqual(before);
  });

  it('issues a token for the longest allowed time', async () => {
    const res = await token([
      '--role',
      'admin',
      '--name',
      'Ten years',
      '--expires-in-days',
      '3650',
    ]);
    expect(res.code).toBe(0);
    const [row] = await t.db.sql(
      `SELECT expires_at > now() + interval '3649 days' AS far FROM api_token WHERE name = 'Ten years'`,
    );
    expect(row.far).toBe(true);
  });
});
