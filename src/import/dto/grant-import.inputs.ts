import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MutationInput } from '../../common/mutation-input';
import { IsCalendarDate, IsCleanText } from '../../common/validation';

/**
 * The most CSV one request carries. The server reads request bodies of at
 * most 100 kB (src/create-app.ts), so larger files go through `npm run import`,
 * which reads up to MAX_CSV_BYTES.
 */
export const MAX_API_CSV_CHARS = 100_000;

@InputType({ description: 'The decision document that every imported fact comes from.' })
export class ImportSourceInput {
  @Field({ description: 'Its address, http or https; at most 2,000 characters.' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  @MaxLength(2000)
  url: string;

  @Field({ description: 'Its title as published, 1–500 characters.' })
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  title: string;

  @Field(() => String, { nullable: true, description: 'Who published it, 1–500 characters.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'When it was published, YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Anything else worth knowing, 1–2,000 characters.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @IsCleanText({ multiline: true })
  note?: string | null;
}

@InputType({ description: "A CSV file of a programme's grant decisions (docs/import.md)." })
export class ImportGrantDecisionsInput extends MutationInput {
  @Field(() => ID, { description: 'The programme the decisions belong to.' })
  @IsString()
  @MaxLength(100)
  programme: string;

  @Field({
    description: `The file's text: UTF-8 CSV with a header row, one project a row (docs/import.md). At most ${MAX_API_CSV_CHARS.toLocaleString('en')} characters, and the whole request at most 100 kB; \`npm run import\` reads files up to 2 MB and 5,000 rows.`,
  })
  @IsString()
  @MaxLength(MAX_API_CSV_CHARS)
  csv: string;

  @Field(() => ImportSourceInput)
  @ValidateNested()
  @Type(() => ImportSourceInput)
  source: ImportSourceInput;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Check everything and report what would be created, but write nothing.',
  })
  @IsBoolean()
  dryRun: boolean = false;
}
