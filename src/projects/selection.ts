import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

/**
 * Names of the fields the client selects at `path` below the current field (e.g.
 * `['edges', 'node']` of a connection), through fragments and inline fragments. Used to read
 * nested levels up front; `@skip`/`@include` are not evaluated, so a skipped field may be read
 * for nothing, never missed.
 */
export function selectedFields(
  info: GraphQLResolveInfo,
  path: readonly string[],
): ReadonlySet<string> {
  // graphql-js hands every item of a list the same fieldNodes array: read it once per request.
  const key = path.join('.');
  let known = SELECTED.get(info.fieldNodes);
  const found = known?.get(key);
  if (found) return found;
  const names = readSelection(info, path);
  if (!known) SELECTED.set(info.fieldNodes, (known = new Map<string, ReadonlySet<string>>()));
  known.set(key, names);
  return names;
}

/** Keyed by the field's nodes, which live as long as the operation's parsed document. */
const SELECTED = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();

function readSelection(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((n) =>
    n.selectionSet ? [n.selectionSet] : [],
  );
  for (const step of path) sets = fieldsNamed(info, sets, step);
  const names = new Set<string>();
  for (const set of sets) collect(info, set, (name) => names.add(name));
  return names;
}

function fieldsNamed(
  info: GraphQLResolveInfo,
  sets: SelectionSetNode[],
  name: string,
): SelectionSetNode[] {
  const found: SelectionSetNode[] = [];
  for (const set of sets)
    collect(info, set, (field, selectionSet) => {
      if (field === name && selectionSet) found.push(selectionSet);
    });
  return found;
}

function collect(
  info: GraphQLResolveInfo,
  set: SelectionSetNode,
  visit: (name: string, selectionSet: SelectionSetNode | undefined) => void,
  depth = 0,
): void {
  if (depth > 20) return; // fragments cannot cycle in a valid document; a guard all the same
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) visit(s.name.value, s.selectionSet);
    else if (s.kind === Kind.INLINE_FRAGMENT) collect(info, s.selectionSet, visit, depth + 1);
    else {
      const fragment = info.fragments[s.name.value];
      if (fragment) collect(info, fragment.selectionSet, visit, depth + 1);
    }
  }
}
