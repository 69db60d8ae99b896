import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  GraphQLSchema,
  Lexer,
  Source,
  specifiedRules,
  TokenKind,
  validate,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { QueryLimit, QueryTooComplexError } from './limit-errors';

export interface ShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Hide "Did you mean …?" in error messages (production). */
  hideSuggestions: boolean;
}

// Not a GraphQL name character, so it cannot come from the query itself.
const SUGGESTION_MASK = '§hidden§';

/**
 * Armor replaces `Did you mean "…"` with its mask and leaves the question
 * mark; this drops both, so the message ends where graphql-js's sentence does.
 */
export function withoutSuggestionMask(message: string): string {
  return message.replace(/ ?§hidden§\??/g, '');
}

/** Armor reports "… limit of N exceeded, found M." when exposeLimits is on. */
const FOUND = /found (\d+)/;

/** An armor rejection as our error: the limit's name, its maximum and what the query has. */
function reject(limit: QueryLimit, maximum: number) {
  return (ctx: ValidationContext | null, error: GraphQLError) => {
    const found = FOUND.exec(error.message);
    ctx?.reportError(
      new QueryTooComplexError(limit, maximum, found ? Number(found[1]) : maximum + 1),
    );
  };
}

/**
 * graphql-armor's depth, alias and directive limits as validation rules, and
 * its field-suggestion masking as a plugin. Rejections are reported as
 * QUERY_TOO_COMPLEX instead of armor's BAD_USER_INPUT; validation runs before
 * any resolver, so nothing reaches the database.
 *
 * The token limit is graphql-js's own `maxTokens` parse option (see
 * tokenLimitParseOptions): armor's Apollo token plugin throws from a plugin
 * hook, which Apollo Server turns into a 500.
 */
export function queryShapeProtection(limits: ShapeLimits) {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [reject('depth', limits.maxDepth)],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [reject('aliases', limits.maxAliases)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [reject('directives', limits.maxDirectives)],
    },
    maxTokens: { enabled: false },
    // Cost is graphql-query-complexity's, with the connection rules (cost-rules.ts).
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.hideSuggestions, mask: SUGGESTION_MASK },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    plugins,
    validationRules: [...validationRules, selectionFieldsRule] satisfies ValidationRule[],
  };
}

/**
 * Fields in one selection set, counting those its fragments bring in. graphql-js
 * compares every pair of them to check they can be merged, and gives up with a
 * bare "Validation aborted." past its budget (about 1,000); this limit is lower
 * and named. No query of this API needs more than a few dozen. Not configurable.
 */
export const MAX_SELECTION_FIELDS = 300;

function fieldsIn(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): number {
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) n++;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += fieldsIn(s.selectionSet, fragments, seen);
    else if (!seen.has(s.name.value)) {
      const fragment = fragments.get(s.name.value);
      seen.add(s.name.value);
      if (fragment) n += fieldsIn(fragment.selectionSet, fragments, seen);
    }
  }
  return n;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}

const selectionFieldsRule: ValidationRule = (ctx) => {
  const fragments = fragmentsOf(ctx.getDocument());
  return {
    SelectionSet(set) {
      const n = fieldsIn(set, fragments);
      if (n > MAX_SELECTION_FIELDS)
        ctx.reportError(new QueryTooComplexError('fields', MAX_SELECTION_FIELDS, n));
      // One report is enough: the sets inside are smaller or reported on their own.
      return n > MAX_SELECTION_FIELDS ? false : undefined;
    },
  };
};

/** graphql-js's own give-up (its field-merging budget), which names no limit. */
export function isValidationAborted(error: GraphQLError): boolean {
  return error.message === 'Validation aborted.';
}

/** What a validation that graphql-js aborted is reported as: the fields limit, with the count. */
export function fieldsLimitError(document: DocumentNode): GraphQLError {
  const fragments = fragmentsOf(document);
  let largest = 0;
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION)
      largest = Math.max(largest, fieldsIn(d.selectionSet, fragments));
  if (largest > MAX_SELECTION_FIELDS)
    return new QueryTooComplexError('fields', MAX_SELECTION_FIELDS, largest);
  // Spread over many nested sets: graphql-js's budget is for the whole document.
  return new GraphQLError(
    `The query selects too many fields to check that they can be merged (graphql-js's limit of 500,000 comparisons); select each field once. See docs/limits.md`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'fields', http: { status: 400 } } },
  );
}

/**
 * Validation for subscriptions over graphql-ws, which bypass Apollo: the same
 * depth, alias and directive rules, and no field suggestions in production.
 */
export function subscriptionValidator(limits: ShapeLimits) {
  const rules = [...specifiedRules, ...queryShapeProtection(limits).validationRules];
  return (schema: GraphQLSchema, document: DocumentNode): GraphQLError[] =>
    validate(schema, document, rules).map((e) => {
      // `http` only means something to Apollo's HTTP responses.
      const { http: _http, ...extensions } = e.extensions;
      const message = limits.hideSuggestions
        ? withoutSuggestionMask(e.message.replace(/Did you mean ".+"/g, SUGGESTION_MASK))
        : e.message;
      return new GraphQLError(message, {
        nodes: e.nodes,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...extensions },
      });
    });
}

/** graphql-js aborts parsing past this many tokens, before building the document. */
export function tokenLimitParseOptions(maxTokens: number) {
  return { maxTokens };
}

const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/** The token limit's maximum when `error` is graphql-js's token-limit syntax error. */
export function tokenLimitOf(error: { message: string }): number | undefined {
  const m = TOKEN_LIMIT.exec(error.message);
  return m ? Number(m[1]) : undefined;
}

/** Tokens of a document (graphql-js lexer); only run on a rejected one, to report its size. */
export function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) n++;
  } catch {
    // A lexical error further on: what was read so far is the honest count.
  }
  return n;
}
