import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { MutationInput } from '../../common/mutation-input';
import { ParticipantRole, ProjectCategory, ProjectStatus } from '../project.enums';
import { IsCalendarDate, IsCleanText } from '../../common/validation';

/** Largest grant numeric(12,2) holds. */
const MAX_GRANT = 9_999_999_999.99;
export const MAX_PARTICIPANTS = 500;

/**
 * A finite number of whole cents. Not IsNumber({ maxDecimalPlaces: 2 }): that throws
 * (an internal error) on numbers JavaScript prints in exponent form, such as 2e-323.
 */
const IsCents = () =>
  ValidateBy({
    name: 'isCents',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(2)) === v,
      defaultMessage: () => 'must be a number of euros with at most two decimals',
    },
  });
export const MAX_TOPICS = 20;

@InputType()
export class ParticipantInput {
  @Field(() => ID, { description: 'A municipality or a joint authority.' })
  @IsString()
  @MaxLength(100)
  organisation: string;

  @Field(() => ParticipantRole, { defaultValue: ParticipantRole.PARTNER })
  @IsEnum(ParticipantRole)
  role: ParticipantRole = ParticipantRole.PARTNER;
}

/** Fields a project has; every one optional here, so updates can send only what changes. */
@InputType({ isAbstract: true })
abstract class ProjectFields extends MutationInput {
  @Field(() => String, { nullable: true, description: 'Finnish title, 1–500 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  titleFi?: string | null;

  @Field(() => String, { nullable: true, description: 'English title, 1–500 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 10,000 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  @IsCleanText({ multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date, YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO date, YYYY-MM-DD. After the programme's completion deadline it needs an admin and deadlineOverrideReason.",
  })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;

  @Field(() => Float, { nullable: true, description: 'Grant in euros, 0–9,999,999,999.99.' })
  @IsOptional()
  @IsCents()
  @Min(0)
  @Max(MAX_GRANT)
  grantEur?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'The grant is "at most" grantEur.' })
  @IsOptional()
  @IsBoolean()
  grantIsMaximum?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True once every participant is recorded.',
  })
  @IsOptional()
  @IsBoolean()
  participantsKnown?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why endDate may pass the programme's completion deadline. Admins only; 1–1,000 characters.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText({ multiline: true })
  deadlineOverrideReason?: string | null;
}

@InputType({ description: 'A new project. It starts GRANTED unless a status is given.' })
export class CreateProjectInput extends ProjectFields {
  @Field(() => ID) @IsString() @MaxLength(100) programme: string;
  @Field(() => ProjectCategory) @IsEnum(ProjectCategory) category: ProjectCategory;

  @Field({ description: 'Swedish title (the published one), 1–500 characters.' })
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  titleSv: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Position in the published list of its category; unique within the programme.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  listPosition?: number | null;

  @Field(() => ProjectStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProjectStatus)
  status?: ProjectStatus | null;

  @Field(() => [ParticipantInput], {
    description: `Participants, exactly one of them LEAD; at most ${MAX_PARTICIPANTS}.`,
  })
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTICIPANTS)
  participants: ParticipantInput[];

  @Field(() => [ID], { nullable: true, description: `Topic ids, at most ${MAX_TOPICS}.` })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(MAX_TOPICS)
  topics?: string[] | null;
}

@InputType({ description: 'Changes to a project; fields left out stay as they are, null clears.' })
export class UpdateProjectInput extends ProjectFields {
  @Field(() => ID) @IsString() @MaxLength(100) project: string;
  @Field(() => Int, { description: 'The version you last read; a newer one is CONFLICT.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsCleanText()
  @Length(1, 500)
  titleSv?: string | null;

  @Field(() => ProjectCategory, { nullable: true })
  @IsOptional()
  @IsEnum(ProjectCategory)
  category?: ProjectCategory | null;

  @Field(() => ProjectStatus, {
    nullable: true,
    description: "ACTIVE and COMPLETED need at least the programme's minParticipants participants.",
  })
  @IsOptional()
  @IsEnum(ProjectStatus)
  status?: ProjectStatus | null;
}

@InputType()
export class AddParticipantInput extends MutationInput {
  @Field(() => ID) @IsString() @MaxLength(100) project: string;
  @Field(() => ParticipantInput)
  @ValidateNested()
  @Type(() => ParticipantInput)
  participant: ParticipantInput;
  @Field(() => Int, { nullable: true, description: 'If given, must be the current version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@InputType()
export class RemoveParticipantInput extends MutationInput {
  @Field(() => ID) @IsString() @MaxLength(100) project: string;
  @Field(() => ID) @IsString() @MaxLength(100) organisation: string;
  @Field(() => Int, { nullable: true, description: 'If given, must be the current version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@InputType()
export class SetProjectTopicsInput extends MutationInput {
  @Field(() => ID) @IsString() @MaxLength(100) project: string;
  @Field(() => [ID], { description: `The project's topics from now on, at most ${MAX_TOPICS}.` })
  @IsString({ each: true })
  @ArrayMaxSize(MAX_TOPICS)
  topics: string[];
  @Field(() => Int, { nullable: true, description: 'If given, must be the current version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}
