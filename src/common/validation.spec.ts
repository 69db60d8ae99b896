import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Argument classes are validated by @ValidArgs(), not by a global pipe
 * (see validation.ts). A bare @Args() on a class would skip validation.
 */
describe('resolver arguments', () => {
  const src = join(__dirname, '..');
  const resolvers = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.resolver.ts'),
  );

  it('finds the resolvers', () => {
    expect(resolvers.length).toBeGreaterThanOrEqual(6);
  });

  it.each(resolvers)('%s takes argument classes through @ValidArgs()', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    expect(text).not.toMatch(/@Args\(\)/);
    expect(text).not.toMatch(/@Args\('input'/);
  });
});
