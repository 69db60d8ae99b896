import { ArgsType, Field, Float, ID, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ALL_LINK_KINDS, LinkKind } from '../sql/organisation-edges.sql';
import { IsCalendarDate } from '../../common/validation';

export const MAX_DEPTH = 4;
export const MAX_EXAMPLE_PATHS = 5;
export const MAX_GRAPH_PAGE = 100;

@ArgsType()
export class LinkKindsArgs {
  @Field(() => [LinkKind], {
    defaultValue: ALL_LINK_KINDS,
    description: 'Which kinds of link count as a hop. Default: all.',
  })
  @IsEnum(LinkKind, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  via: LinkKind[];
}

@ArgsType()
export class PartnersOfPartnersArgs extends LinkKindsArgs {
  @Field(() => ID, {
    description: 'Id of the start organisation (a Municipality or a JointAuthority).',
  })
  @IsString()
  @MaxLength(100)
  organisation: string;

  @Field(() => Int, {
    defaultValue: 2,
    description: `How many links away to look, 1–${MAX_DEPTH} (1 = direct partners).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_DEPTH)
  maxDepth: number;

  @Field(() => Int, { defaultValue: 20, description: `Page size, at most ${MAX_GRAPH_PAGE}.` })
  @IsInt()
  @Min(0)
  @Max(MAX_GRAPH_PAGE)
  first: number;

  @Field({ nullable: true, description: 'Cursor of the item after which the page starts.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @Field(() => Int, {
    defaultValue: 3,
    description: `Example paths per result, 0–${MAX_EXAMPLE_PATHS}.`,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_EXAMPLE_PATHS)
  examplePaths: number;
}

@ArgsType()
export class CollaborationPathArgs extends LinkKindsArgs {
  @Field(() => ID, { description: 'Id of an organisation.' })
  @IsString()
  @MaxLength(100)
  from: string;

  @Field(() => ID, { description: 'Id of another organisation.' })
  @IsString()
  @MaxLength(100)
  to: string;

  @Field(() => Int, {
    defaultValue: MAX_DEPTH,
    description: `Longest path to look for, 1–${MAX_DEPTH}.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_DEPTH)
  maxDepth: number;
}

@ArgsType()
export class SharedTopicsArgs {
  @Field(() => ID, { description: 'A Project, Municipality or JointAuthority id.' })
  @IsString()
  @MaxLength(100)
  a: string;

  @Field(() => ID, { description: 'A Project, Municipality or JointAuthority id.' })
  @IsString()
  @MaxLength(100)
  b: string;
}

/** A project and a page size, for the per-project graph queries. */
@ArgsType()
export class ProjectPageArgs {
  @Field(() => ID)
  @IsString()
  @MaxLength(100)
  project: string;

  @Field(() => Int, { defaultValue: 10, description: `At most ${MAX_GRAPH_PAGE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_GRAPH_PAGE)
  first: number;
}

@ArgsType()
export class SimilarProjectsArgs extends ProjectPageArgs {
  @Field(() => Float, { defaultValue: 0.1, description: 'Lowest score to include, 0–1.' })
  @Min(0)
  @Max(1)
  minScore: number;
}

@ArgsType()
export class CooperationGapsArgs {
  @Field({ description: 'Programme code.' })
  @IsString()
  @MaxLength(100)
  programme: string;

  @Field(() => Float, {
    defaultValue: 0.3,
    description: 'Similarity score (0–1) at which a pair should cooperate.',
  })
  @Min(0)
  @Max(1)
  threshold: number;

  @Field(() => Int, { defaultValue: 50, description: `Pairs listed, at most ${MAX_GRAPH_PAGE}.` })
  @IsInt()
  @Min(0)
  @Max(MAX_GRAPH_PAGE)
  first: number;

  @Field({ nullable: true, description: 'ISO date to judge deadlines against. Default: today.' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

@ArgsType()
export class RecommendedPartnersArgs {
  @Field(() => ID, { nullable: true, description: 'Recommend for this organisation…' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organisation?: string;

  @Field(() => ID, {
    nullable: true,
    description: '…or for this project (exactly one of the two).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  project?: string;

  @Field(() => Int, { defaultValue: 10, description: `At most ${MAX_GRAPH_PAGE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_GRAPH_PAGE)
  first: number;
}

export const MAX_NETWORK_NODES = 5000;

@ArgsType()
export class NetworkArgs {
  @Field({ nullable: true, description: 'Programme code: only its projects.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  programme?: string;

  @Field({ nullable: true, description: 'Topic slug: only projects on it.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  topic?: string;

  @Field({ nullable: true, description: 'Two-digit region code: only organisations there.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'must be a two-digit region code' })
  region?: string;

  @Field(() => Int, {
    defaultValue: 2000,
    description: `Largest network to return, at most ${MAX_NETWORK_NODES} nodes; a larger one is BAD_USER_INPUT (narrow the filter).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_NETWORK_NODES)
  maxNodes: number = 2000;
}
