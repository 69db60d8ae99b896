import { Context, Mutation, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ValidInput } from '../common/validation';
import { ImportGrantDecisionsInput } from './dto/grant-import.inputs';
import { GrantImportResult } from './grant-import.models';
import { GrantImportService } from './grant-import.service';

@Resolver()
export class GrantImportResolver {
  constructor(private readonly importer: GrantImportService) {}

  @Mutation(() => GrantImportResult, {
    description:
      "Imports a programme's grant decisions from CSV (format in docs/import.md), all or nothing: every bad row is reported in one BAD_USER_INPUT with its line (extensions.rows), and then nothing is written. Each project is created as by createProject, under the programme rules, with its audit row; every fact points to the given source. Admins only.",
  })
  importGrantDecisions(
    @ValidInput() input: ImportGrantDecisionsInput,
    @Context() ctx: RequestContext,
  ) {
    return this.importer.importForRequest(ctx, input);
  }
}
