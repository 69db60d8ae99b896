import {
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLSchema,
  isLeafType,
  isListType,
} from 'graphql';
import {
  ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
} from 'graphql-query-complexity';

/**
 * The cost model of docs/limits.md, as graphql-query-complexity estimators.
 * Cost approximates the rows and lookups a query makes the server produce,
 * in the spirit of GitHub's node count:
 *
 * - a scalar or enum field costs 0 (it comes with its row);
 * - an object field costs 1 plus its selection (one batched lookup);
 * - a connection costs 1 + page size × its selection (`first`, else `last`,
 *   else the default page of 20); `edges` and `pageInfo` add nothing themselves;
 * - a list with a `first` argument costs 1 + first × its selection;
 * - any other list is counted at LIST_FANOUT items (the known short ones at their bound);
 * - graph queries add a search cost that doubles with each level of depth.
 */
/** As DEFAULT_PAGE_SIZE in common/pagination.ts (not imported: that file loads NestJS). */
export const DEFAULT_PAGE = 20;
export const LIST_FANOUT = 10;

/** Cost of a breadth-first search `depth` links deep: the frontier grows with every level. */
export function traversalCost(depth: number): number {
  return 10 * 2 ** (Math.max(1, depth) - 1);
}

/** A dashboard figure group: one aggregate statement over its programmes. */
export const DASHBOARD_GROUP = 20;
/** A figure group that scores similar-project pairs. */
export const DASHBOARD_PAIRS = 200;

type Args = Record<string, unknown>;
// Never below 0: a negative size (refused later, by that field only) must not
// subtract from its siblings' cost.
const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : fallback;

/** Page size of a connection: first, else last, else the default (never below 0). */
export function pageSize(args: Args): number {
  const given = [args.first, args.last].filter((v): v is number => typeof v === 'number');
  return given.length ? Math.max(0, ...given) : DEFAULT_PAGE;
}

/**
 * Fields whose cost is not the generic rule: the graph queries (depth and
 * fan-out) and lists whose length is bounded by the schema. `children` is
 * the cost of the selection with inner lists counted at LIST_FANOUT items.
 */
export const FIELD_RULES: Record<string, (args: Args, children: number) => number> = {
  'Query.partnersOfPartners': (a, c) => traversalCost(num(a.maxDepth, 2)) + num(a.first, 20) * c,
  'Query.collaborationPath': (a, c) => traversalCost(num(a.maxDepth, 4)) + c,
  // Two hops around the subject, then ranking.
  'Query.recommendedPartners': (a, c) => traversalCost(2) + num(a.first, 10) * c,
  // The same search; its partners list holds up to `first` items, not LIST_FANOUT.
  'Query.recommendations': (a, c) =>
    traversalCost(2) + Math.ceil((num(a.first, 10) / LIST_FANOUT) * c),
  'Query.similarProjects': (a, c) => 10 + num(a.first, 10) * c,
  // Their inner lists hold up to `first` (maxNodes) items, not LIST_FANOUT.
  'Query.priorWork': (a, c) => 10 + Math.ceil((num(a.first, 10) / LIST_FANOUT) * c),
  'Query.cooperationGaps': (a, c) =>
    20 + Math.ceil((Math.max(num(a.first, 50), LIST_FANOUT) / LIST_FANOUT) * c),
  'Query.network': (a, c) => 10 + Math.ceil((num(a.maxNodes, 2000) / LIST_FANOUT) * c),
  // Dashboard figure groups are aggregates over a whole programme, not lookups; the
  // similar-pair groups score every candidate pair (bounded, docs/dashboard.md).
  'Dashboard.cooperation': (_a, c) => DASHBOARD_PAIRS + c,
  'Dashboard.compliance': (_a, c) => DASHBOARD_PAIRS + c,
  'Dashboard.applications': (_a, c) => DASHBOARD_GROUP + c,
  'Dashboard.projects': (_a, c) => DASHBOARD_GROUP + c,
  'Dashboard.participation': (_a, c) => DASHBOARD_GROUP + c,
  'Dashboard.grants': (_a, c) => DASHBOARD_GROUP + c,
  'Dashboard.equity': (_a, c) => DASHBOARD_GROUP + c,
  // `first` bounds its mostReused list, which `c` counts at LIST_FANOUT items.
  'Dashboard.reuse': (a, c) => DASHBOARD_GROUP + Math.ceil((num(a.first, 20) / LIST_FANOUT) * c),
  // Short lists with a bound in the schema.
  'PartnerReach.examplePaths': (_a, c) => 1 + 5 * c,
  'NetworkPath.organisations': (_a, c) => 1 + 5 * c,
  'NetworkPath.links': (_a, c) => 1 + 4 * c,
};

/** The generic rules above, after any rule a field declares itself (`@Field({ complexity })`). */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const parent = type.name;
  // Introspection is bounded by the schema itself: a flat price.
  if (field.name.startsWith('__')) return field.name === '__typename' ? 0 : 1;
  if (parent.startsWith('__')) return 0;
  const rule = FIELD_RULES[`${parent}.${field.name}`];
  if (rule) return rule(args, childComplexity);
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  const takesPage = field.args.some((a) => a.name === 'first' || a.name === 'last');
  if (named.name.endsWith('Connection') && takesPage) return 1 + pageSize(args) * childComplexity;
  if (parent.endsWith('Connection') && (field.name === 'edges' || field.name === 'pageInfo'))
    return field.name === 'edges' ? childComplexity : 0;
  if (isListType(getNullableType(field.type)))
    return 1 + (takesPage ? pageSize(args) : LIST_FANOUT) * childComplexity;
  return 1 + childComplexity;
};

export const COST_ESTIMATORS: ComplexityEstimator[] = [fieldExtensionsEstimator(), costEstimator];

/** Costs already computed, per parsed document (Apollo keeps one parsed object per query text). */
const COSTS = new WeakMap<DocumentNode, Map<string, number>>();
/** Per document: distinct variable sets remembered; past this, the document's costs start over. */
const COSTS_PER_DOCUMENT = 64;
/** Variables longer than this (as JSON) are costed anew each time rather than kept as a key. */
const MAX_KEY_LENGTH = 2048;

/**
 * queryCost, remembered for each document, operation and variables: the cost is a function of
 * those (and of the schema, fixed for the process), so a query sent again is not walked again.
 * Documents are the parsed objects of Apollo's bounded document store, so the memory goes
 * with them. Coercion errors are not remembered: they are thrown anew each time.
 */
export function cachedQueryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  const vars = variables && Object.keys(variables).length > 0 ? JSON.stringify(variables) : '';
  if (vars.length > MAX_KEY_LENGTH) return queryCost(schema, query, variables, operationName);
  const key = `${operationName ?? ''}\u0000${vars}`;
  let costs = COSTS.get(query);
  const known = costs?.get(key);
  if (known !== undefined) return known;
  const cost = queryCost(schema, query, variables, operationName);
  if (!costs || costs.size >= COSTS_PER_DOCUMENT)
    COSTS.set(query, (costs = new Map<string, number>()));
  costs.set(key, cost);
  return cost;
}

/** Cost of one operation of a validated document, with its variables. */
export function queryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({
    schema,
    query,
    variables: variables ?? {},
    operationName,
    estimators: COST_ESTIMATORS,
  });
}
