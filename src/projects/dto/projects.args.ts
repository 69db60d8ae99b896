import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination';
import { ProjectCategory, ProjectStatus } from '../project.entity';

@InputType()
export class ProjectFilter {
  @Field({ nullable: true, description: 'Programme code, e.g. "vm-digi-joint-2019".' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  programme?: string;

  @Field(() => ProjectCategory, { nullable: true })
  @IsOptional()
  @IsEnum(ProjectCategory)
  category?: ProjectCategory;

  @Field({ nullable: true, description: 'Topic slug.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  topic?: string;

  @Field({ nullable: true, description: 'Three-digit code of a participating municipality.' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'must be a three-digit municipality code' })
  municipality?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Id of a participating organisation (municipality or joint authority).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organisation?: string;

  @Field(() => ProjectStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProjectStatus)
  status?: ProjectStatus;

  @Field({
    nullable: true,
    description:
      'Full-text search over the titles and description (PostgreSQL text search with Swedish, Finnish and English stemming; web-search syntax: "quoted phrases", OR, -not). 1–200 characters.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;
}

@ArgsType()
export class ProjectsArgs extends ConnectionArgs {
  @Field(() => ProjectFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProjectFilter)
  filter?: ProjectFilter;
}

@ArgsType()
export class ProjectByListingArgs {
  @Field({ description: 'Programme code.' })
  @IsString()
  @Length(1, 100)
  programme: string;

  @Field(() => ProjectCategory)
  @IsEnum(ProjectCategory)
  category: ProjectCategory;

  @Field(() => Int, { description: 'Position in the published list.' })
  @IsInt()
  @Min(1)
  @Max(10000)
  position: number;
}

@ArgsType()
export class ParticipationsArgs {
  @Field(() => Int, {
    defaultValue: 100,
    description: 'At most this many, 1–100, lead first then by project.',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number;
}
