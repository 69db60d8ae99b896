import { DEFAULT_DATABASE, parseGenerateArgs, UsageError } from './cli-options';

describe('parseGenerateArgs', () => {
  it('reads the sizes and seed, with commitments = projects / 2 and the default database', () => {
    expect(
      parseGenerateArgs(['--organisations', '500', '--projects', '1001', '--seed', '7']),
    ).toEqual({
      organisations: 500,
      projects: 1001,
      seed: 7,
      commitments: 500,
      database: DEFAULT_DATABASE,
    });
  });

  it('accepts --name=value and explicit commitments and database', () => {
    expect(
      parseGenerateArgs([
        '--organisations=10',
        '--projects=20',
        '--seed=0',
        '--commitments=3',
        '--database=kv_bench',
      ]),
    ).toEqual({ organisations: 10, projects: 20, seed: 0, commitments: 3, database: 'kv_bench' });
  });

  it('refuses the application database and system databases', () => {
    const args = ['--organisations', '10', '--projects', '10', '--seed', '1', '--database'];
    expect(() => parseGenerateArgs([...args, 'kuntaverkko'])).toThrow(
      /refusing to write synthetic data into the application database "kuntaverkko"/,
    );
    expect(() => parseGenerateArgs([...args, 'postgres'])).toThrow(/system database/);
    expect(() => parseGenerateArgs([...args, 'Bad-Name'])).toThrow(/--database/);
  });

  it('explains what is missing or wrong', () => {
    expect(() => parseGenerateArgs(['--organisations', '10', '--seed', '1'])).toThrow(
      /--projects is required/,
    );
    expect(() =>
      parseGenerateArgs(['--organisations', '1', '--projects', '1', '--seed', '1']),
    ).toThrow(/--organisations must be an integer from 2/);
    expect(() =>
      parseGenerateArgs(['--organisations', '10', '--projects', '-1', '--seed', '1']),
    ).toThrow(UsageError);
    expect(() =>
      parseGenerateArgs(['--organisations', '10', '--projects', '5', '--seed', 'x']),
    ).toThrow(/--seed must be an integer/);
    expect(() => parseGenerateArgs(['--orgs', '10'])).toThrow(/unknown option --orgs/);
    expect(() => parseGenerateArgs(['--seed'])).toThrow(/--seed needs a value/);
    expect(() => parseGenerateArgs(['10'])).toThrow(/unexpected argument/);
  });
});
