import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  GraphQLError,
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
  return { plugins, validationRules: validationRules satisfies ValidationRule[] };
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
