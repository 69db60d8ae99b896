import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ValidArgs } from '../common/validation';
import { type RequestContext } from '../common/loader-registry';
import { Connection } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { JointAuthorityModel, MunicipalityModel } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { MunicipalitiesArgs } from './dto/municipalities.args';
import { MunicipalitiesService } from './municipalities.service';
import { Region } from '../organisations/region.entity';

export const MunicipalityConnection = Connection(MunicipalityModel, 'Municipality');

@Resolver(() => MunicipalityModel)
export class MunicipalitiesResolver {
  constructor(
    private readonly municipalityService: MunicipalitiesService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Query(() => MunicipalityModel, {
    description: 'A municipality by its three-digit code. NOT_FOUND when unknown.',
  })
  municipality(
    @Args('code', { description: 'Three digits, e.g. "858".' }) code: string,
  ): Promise<Organisation> {
    return this.municipalityService.byCode(code);
  }

  @Query(() => MunicipalityConnection, {
    description: 'Municipalities ordered by code; at most 100 a page.',
  })
  municipalities(@ValidArgs() args: MunicipalitiesArgs) {
    return this.municipalityService.list(args);
  }

  @Query(() => [Region], { description: 'All regions, ordered by code.' })
  regions(): Promise<Region[]> {
    return this.municipalityService.regions();
  }

  // No parameter decorators: Nest calls the method directly, as graphql-js would.
  @ResolveField(() => Region)
  region(m: Organisation, _args: unknown, ctx: RequestContext) {
    // A project's participants come with their region already (ProjectsRepository).
    return m.region ?? this.municipalityService.region(ctx, m.regionCode!);
  }

  @ResolveField(() => MunicipalityModel, {
    nullable: true,
    description: 'The municipality it merged into, if any.',
  })
  mergedInto(@Parent() m: Organisation, @Context() ctx: RequestContext) {
    return m.mergedIntoId === null ? null : this.organisations.byId(ctx, m.mergedIntoId);
  }

  @ResolveField(() => [JointAuthorityModel], {
    description: 'Joint authorities it is a member of.',
  })
  jointAuthorities(@Parent() m: Organisation, @Context() ctx: RequestContext) {
    return this.organisations.memberships(ctx, m.id);
  }
}
