import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { toGlobalId } from '../common/global-id';
import { ValidArgs } from '../common/validation';
import { type RequestContext } from '../common/loader-registry';
import { Connection, ConnectionArgs } from '../common/pagination';
import { FactProvenance } from '../sources/source.entity';
import { SourcesService } from '../sources/sources.service';
import { Programme } from './programme.entity';
import { ProgrammesService } from './programmes.service';

export const ProgrammeConnection = Connection(Programme, 'Programme');

@Resolver(() => Programme)
export class ProgrammesResolver {
  constructor(
    private readonly programmeService: ProgrammesService,
    private readonly sources: SourcesService,
  ) {}

  @Query(() => Programme, { description: 'A programme by code. NOT_FOUND when unknown.' })
  programme(@Args('code') code: string) {
    return this.programmeService.byCode(code);
  }

  @Query(() => ProgrammeConnection, { description: 'Funding programmes; at most 100 a page.' })
  programmes(@ValidArgs() args: ConnectionArgs) {
    return this.programmeService.list(args);
  }

  @ResolveField(() => ID)
  id(@Parent() p: Programme): string {
    return toGlobalId('Programme', p.id);
  }

  @ResolveField(() => [FactProvenance], {
    description: 'The source of each fact and rule of the programme.',
  })
  provenance(@Parent() p: Programme, @Context() ctx: RequestContext) {
    return this.sources.provenance(ctx, p.provenance);
  }
}
