import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { MutationInput } from '../../common/mutation-input';
import { IsCleanText } from '../../common/validation';

@InputType()
export class CreateTopicInput extends MutationInput {
  @Field({ description: 'Stable key: lower-case words joined by hyphens, 2–80 characters.' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be lower-case words joined by hyphens' })
  @Length(2, 80)
  slug: string;

  @Field() @IsString() @IsCleanText() @Length(1, 200) nameFi: string;
  @Field() @IsString() @IsCleanText() @Length(1, 200) nameSv: string;
  @Field() @IsString() @IsCleanText() @Length(1, 200) nameEn: string;

  @Field(() => String, { nullable: true, description: 'In English.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @IsCleanText({ multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  descriptionFi?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  descriptionSv?: string | null;
}
