import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { MutationInput } from '../../common/mutation-input';
import { IsCleanText } from '../../common/validation';

export const MAX_MEMBERS = 400;

@InputType({ isAbstract: true })
abstract class JointAuthorityFields extends MutationInput {
  @Field(() => String, { nullable: true, description: 'Swedish name, 1–300 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @IsCleanText()
  nameSv?: string | null;

  @Field(() => String, { nullable: true, description: 'English name, 1–300 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @IsCleanText()
  nameEn?: string | null;
}

@InputType({ description: 'A joint municipal authority and its member municipalities.' })
export class CreateJointAuthorityInput extends JointAuthorityFields {
  @Field({ description: 'Finnish name, 1–300 characters.' })
  @IsString()
  @Length(1, 300)
  @IsCleanText()
  nameFi: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: `Member municipalities, at most ${MAX_MEMBERS}; empty while unknown.`,
  })
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @ArrayMaxSize(MAX_MEMBERS)
  members: string[] = [];
}

@InputType({ description: 'Changes to a joint authority; fields left out stay as they are.' })
export class UpdateJointAuthorityInput extends JointAuthorityFields {
  @Field(() => ID) @IsString() @MaxLength(100) jointAuthority: string;

  @Field(() => Int, { description: 'The version you last read; a newer one is CONFLICT.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @IsCleanText()
  nameFi?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `The members from now on, at most ${MAX_MEMBERS}.`,
  })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @ArrayMaxSize(MAX_MEMBERS)
  members?: string[] | null;
}
