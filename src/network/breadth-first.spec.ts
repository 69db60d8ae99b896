import fc from 'fast-check';
import { firstInOrder, inResultOrder, LinkSource, Reach, Reached } from './breadth-first';
import { ALL_LINK_KINDS } from './sql/organisation-edges.sql';

/** The simplest engine: next levels from an adjacency list (a link per pair, both ways). */
function adjacency(pairs: [number, number][]): LinkSource {
  const next = new Map<number, number[]>();
  for (const [a, b] of pairs) {
    if (a === b) continue;
    next.set(a, [...(next.get(a) ?? []), b]);
    next.set(b, [...(next.get(b) ?? []), a]);
  }
  const unused = () => Promise.reject(new Error('not used'));
  return {
    engine: 'INDEX',
    asOf: new Date(0),
    nextLevel(frontier: Reached[], reached: Map<number, Reached>) {
      const sums = new Map<number, number>();
      for (const f of frontier)
        for (const d of next.get(f.org) ?? [])
          if (!reached.has(d)) sums.set(d, (sums.get(d) ?? 0) + f.paths);
      return Promise.resolve([...sums].map(([org, paths]) => ({ org, paths })));
    },
    countNextLevel(frontier: Reached[], reached: Map<number, Reached>) {
      return this.nextLevel(frontier, reached, ALL_LINK_KINDS).then((l) => l.length);
    },
    linksBack: unused,
    nextLevelWithParents: unused,
    incompleteProjects: unused,
  };
}

const network = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })),
  {
    maxLength: 120,
  },
);

describe('Reach', () => {
  it('a page is the whole result sorted, filtered by the cursor and cut (generated networks)', async () => {
    await fc.assert(
      fc.asyncProperty(
        network,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        async (pairs, start, depth, first, skip) => {
          const links = adjacency(pairs);
          // The reference: every level, fully sorted.
          const all = (await new Reach(links, start, depth, ALL_LINK_KINDS).results()).sort(
            inResultOrder,
          );
          const cursor = all[skip];
          const keep = cursor ? (r: Reached) => inResultOrder(r, cursor) > 0 : undefined;
          const expected = keep ? all.filter(keep) : all;
          const page = await new Reach(links, start, depth, ALL_LINK_KINDS).page(first, keep);
          expect(page.rows).toEqual(expected.slice(0, first));
          expect(page.hasMore).toBe(expected.length > first);
          const reach = new Reach(links, start, depth, ALL_LINK_KINDS);
          expect(await reach.totalCount()).toBe(all.length);
        },
      ),
    );
  });

  it('firstInOrder keeps the k first of a list in result order', () => {
    const reached = fc.record({
      org: fc.integer({ min: 0, max: 50 }),
      distance: fc.integer({ min: 1, max: 3 }),
      paths: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(reached, { selector: (r) => r.org }), fc.nat(60), (list, k) => {
        expect(firstInOrder(list, k)).toEqual([...list].sort(inResultOrder).slice(0, k));
      }),
    );
  });
});
