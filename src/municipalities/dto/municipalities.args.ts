import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination';
import { NormaliseSearch } from '../../common/validation';
import { LanguageStatus } from '../../organisations/organisation.entity';

@InputType()
export class MunicipalityFilter {
  @Field({ nullable: true, description: 'Two-digit region code, e.g. "01" for Uusimaa.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'must be a two-digit region code' })
  regionCode?: string;

  @Field(() => LanguageStatus, { nullable: true })
  @IsOptional()
  @IsEnum(LanguageStatus)
  languageStatus?: LanguageStatus;

  @Field({
    nullable: true,
    description:
      'Part of a Finnish, Swedish or English name; case and accents are ignored ("abo" finds Åbo). 1–100 characters.',
  })
  @IsOptional()
  @NormaliseSearch()
  @IsString()
  @Length(1, 100)
  search?: string;
}

@ArgsType()
export class MunicipalitiesArgs extends ConnectionArgs {
  @Field(() => MunicipalityFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MunicipalityFilter)
  filter?: MunicipalityFilter;
}

export const MUNICIPALITY_CODE = /^\d{3}$/;
export function isMunicipalityCode(code: string): boolean {
  return MUNICIPALITY_CODE.test(code);
}
