import { ArgsType, Field, Float, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validation';

export const MAX_DASHBOARD_LIST = 100;

@ArgsType()
export class DashboardArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Programme code; null or left out: every programme together.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  programme?: string | null;
}

@ArgsType()
export class ThresholdArgs {
  @Field(() => Float, {
    defaultValue: 0.3,
    description:
      'Similarity score (0–1) at which two projects of a programme should cooperate; the same score and default as cooperationGaps.',
  })
  @Min(0)
  @Max(1)
  threshold: number = 0.3;
}

@ArgsType()
export class ComplianceArgs extends ThresholdArgs {
  @Field(() => String, {
    nullable: true,
    description: 'ISO date (YYYY-MM-DD) to judge deadlines against. Default: today (UTC).',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string | null;
}

@ArgsType()
export class DashboardListArgs {
  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_DASHBOARD_LIST}.` })
  @IsInt()
  @Min(0)
  @Max(MAX_DASHBOARD_LIST)
  first: number = 20;
}
