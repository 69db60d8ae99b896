/**
 * The example queries of the README ("## Example queries"), as the explorer's first tabs.
 * Read at build time (scripts/build-web.ts) so the page and the README never disagree.
 */
export interface ReadmeExample {
  title: string;
  /** An operation name made of the title (GraphiQL names its tabs by it). */
  name: string;
  query: string;
}

/** "A project, its participants…" -> "Project"; "Projects on a topic" -> "ProjectsOnATopic". */
function operationName(title: string, n: number): string {
  const words = title
    .split(',')[0]
    .normalize('NFD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .split(' ')
    .filter(Boolean);
  if (words.length > 1 && /^(a|an|the)$/i.test(words[0])) words.shift();
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Example';
  return n === 1 ? name : `${name}${n}`;
}

/** Every ```graphql block of the section, titled by the bold sentence before it. */
export function readmeExamples(readme: string): ReadmeExample[] {
  const start = readme.indexOf('\n## Example queries');
  if (start < 0) throw new Error('README.md has no "## Example queries" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const examples: ReadmeExample[] = [];
  const seen = new Map<string, number>();
  const block = /```graphql\n([\s\S]*?)```/g;
  for (let m = block.exec(section); m; m = block.exec(section)) {
    const before = section.slice(0, m.index);
    const bold = [...before.matchAll(/\*\*([^*]+)\*\*/g)].pop();
    const base = (bold?.[1] ?? 'Example').replace(/[,.:;]+$/, '').trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    examples.push({
      title: n === 1 ? base : `${base} (${n})`,
      name: operationName(base, n),
      query: m[1].trimEnd(),
    });
  }
  if (examples.length === 0) throw new Error('README.md "## Example queries" has no graphql block');
  return examples;
}
