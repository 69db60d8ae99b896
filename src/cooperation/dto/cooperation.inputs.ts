import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MutationInput } from '../../common/mutation-input';
import { CommitmentKind, CommitmentStatus } from '../cooperation.enums';
import { IsCalendarDate, IsCleanText } from '../../common/validation';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

@InputType({ description: 'A cooperation commitment between two projects.' })
export class RecordCommitmentInput extends MutationInput {
  @Field(() => ID) @IsString() @MaxLength(100) project: string;
  @Field(() => ID, { description: 'The other project; the order of the two does not matter.' })
  @IsString()
  @MaxLength(100)
  otherProject: string;

  @Field(() => CommitmentKind) @IsEnum(CommitmentKind) kind: CommitmentKind;

  @Field(() => CommitmentStatus, {
    defaultValue: CommitmentStatus.PROPOSED,
    description: 'PROPOSED (the default) or ACTIVE.',
  })
  @IsEnum(CommitmentStatus)
  status: CommitmentStatus = CommitmentStatus.PROPOSED;

  @Field(() => String, { nullable: true, description: 'At most 1,000 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText({ multiline: true })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL, at most 2,000 characters.' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  evidenceUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD) of the commitment.' })
  @IsOptional()
  @IsCalendarDate()
  committedOn?: string | null;
}

@InputType()
export class ChangeCommitmentStatusInput extends MutationInput {
  @Field(() => ID) @IsString() @MaxLength(100) commitment: string;
  @Field(() => CommitmentStatus) @IsEnum(CommitmentStatus) status: CommitmentStatus;
  @Field(() => Int, { description: 'The version you last read; a newer one is CONFLICT.' })
  @IsInt()
  @Min(1)
  version: number;
  @Field(() => String, { nullable: true, description: 'Why; kept in the history.' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText({ multiline: true })
  reason?: string | null;
}

@InputType()
export class VerifyCommitmentInput extends MutationInput {
  @Field(() => ID) @IsString() @MaxLength(100) commitment: string;
  @Field(() => Int, { description: 'The version you last read; a newer one is CONFLICT.' })
  @IsInt()
  @Min(1)
  version: number;
}

@InputType({ description: 'A project builds on an earlier project here, or on a named output.' })
export class RecordReuseLinkInput extends MutationInput {
  @Field(() => ID, { description: 'The project that reuses.' })
  @IsString()
  @MaxLength(100)
  project: string;

  @Field(() => ID, { nullable: true, description: 'The earlier project, if it is one here.' })
  @ValidateIf((o: RecordReuseLinkInput) => o.sourceProject != null || o.sourceOutput == null)
  @IsString({ message: 'or sourceOutput is required' })
  @MaxLength(100)
  sourceProject?: string | null;

  @Field(() => String, { nullable: true, description: 'Name or URL of an output from elsewhere.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  sourceOutput?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @IsCleanText({ multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL.' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  evidenceUrl?: string | null;
}
