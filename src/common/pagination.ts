import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, Key } from './cursor';
import { BadInputError } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Items after \`after\`, at most ${MAX_PAGE_SIZE}. Default ${DEFAULT_PAGE_SIZE} when neither first nor last is given. The connection costs 1 + first × the cost of its selection (docs/limits.md).`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field({ nullable: true, description: 'Cursor of the item after which the page starts.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Items before \`before\`, at most ${MAX_PAGE_SIZE}. Costs like first.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field({ nullable: true, description: 'Cursor of the item before which the page ends.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  before?: string;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter, so the COUNT runs only when the client selects totalCount. */
  readonly totalCount: Promise<number>;
}

/** Builds the Relay connection and edge types for one node type. */
export function Connection<T>(
  nodeType: Type<T> | (() => unknown),
  name: string,
): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => nodeType) node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'Items matching the filter, ignoring the page.' })
    totalCount: Promise<number>;
  }
  return ConnectionType;
}

/**
 * Keyset pagination over one unique, non-null sort key (so pages are stable
 * while rows are added). One query for the page; totalCount runs a COUNT
 * only when the client asks for it.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  sortKey: { expression: string; property: keyof T & string; type: 'string' | 'number' },
  args: ConnectionArgs,
): Promise<ConnectionShape<T>> {
  if (args.first != null && args.last != null) {
    throw new BadInputError('last', 'cannot be combined with first');
  }
  const after = args.after != null ? decodeCursor(args.after, 'after', sortKey.type) : undefined;
  const before =
    args.before != null ? decodeCursor(args.before, 'before', sortKey.type) : undefined;
  const countQb = qb.clone();
  const backward = args.last != null;
  const size = backward ? args.last! : (args.first ?? DEFAULT_PAGE_SIZE);

  if (after !== undefined) qb.andWhere(`${sortKey.expression} > :afterKey`, { afterKey: after });
  if (before !== undefined)
    qb.andWhere(`${sortKey.expression} < :beforeKey`, { beforeKey: before });
  qb.orderBy(sortKey.expression, backward ? 'DESC' : 'ASC').limit(size + 1);

  const rows = size === 0 ? [] : await qb.getMany();
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const edges = page.map((node) => ({ node, cursor: encodeCursor(node[sortKey.property] as Key) }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? before !== undefined : hasMore,
      hasPreviousPage: backward ? hasMore : after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return (total ??= countQb.orderBy().getCount());
    },
  };
}

/** One keyset page as a repository fetches it: between two exclusive keys, `limit` rows. */
export interface KeysetPage<K extends Key> {
  after: K | null;
  before: K | null;
  limit: number;
  /** From the end (for `last`): the rows come in descending key order. */
  backward: boolean;
}

/**
 * The same connection as `paginate`, over a repository's statements instead of a query
 * builder: `fetch` reads one page (asked for one row more than the page, to know whether
 * more follow), `count` runs only when totalCount is selected.
 */
export async function keysetConnection<T, K extends Key>(
  args: ConnectionArgs,
  keyType: K extends number ? 'number' : 'string',
  keyOf: (row: T) => K,
  fetch: (page: KeysetPage<K>) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<ConnectionShape<T>> {
  if (args.first != null && args.last != null) {
    throw new BadInputError('last', 'cannot be combined with first');
  }
  const after = args.after != null ? (decodeCursor(args.after, 'after', keyType) as K) : null;
  const before = args.before != null ? (decodeCursor(args.before, 'before', keyType) as K) : null;
  const backward = args.last != null;
  const size = backward ? args.last! : (args.first ?? DEFAULT_PAGE_SIZE);
  const rows = size === 0 ? [] : await fetch({ after, before, limit: size + 1, backward });
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? before !== null : hasMore,
      hasPreviousPage: backward ? hasMore : after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return (total ??= count());
    },
  };
}
