import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { expectGlobalId, toGlobalId, NodeType } from '../common/global-id';
import { ValidArgs } from '../common/validation';
import { type RequestContext } from '../common/loader-registry';
import { Connection, ConnectionArgs } from '../common/pagination';
import { Source } from '../sources/source.entity';
import { SourcesService } from '../sources/sources.service';
import { Organisation, OrganisationKind } from './organisation.entity';
import { JointAuthorityModel, MunicipalityModel, OrganisationModel } from './organisation.model';
import { OrganisationsService } from './organisations.service';

export const JointAuthorityConnection = Connection(JointAuthorityModel, 'JointAuthority');

/** Fields every organisation has; the implementing types inherit these resolvers. */
@Resolver(() => OrganisationModel)
export class OrganisationResolver {
  constructor(private readonly sources: SourcesService) {}

  @ResolveField(() => ID)
  id(@Parent() o: Organisation): string {
    return toGlobalId(o.__typename as NodeType, o.id);
  }

  @ResolveField(() => Source, { description: "Where this organisation's record comes from." })
  source(@Parent() o: Organisation, @Context() ctx: RequestContext) {
    return this.sources.byKey(ctx, o.sourceKey);
  }
}

@Resolver(() => JointAuthorityModel)
export class JointAuthorityResolver {
  constructor(private readonly organisations: OrganisationsService) {}

  @Query(() => JointAuthorityModel, {
    description: 'A joint municipal authority by id. NOT_FOUND when unknown.',
  })
  jointAuthority(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext) {
    return this.organisations.require(
      ctx,
      expectGlobalId(id, ['JointAuthority']),
      OrganisationKind.JOINT_AUTHORITY,
    );
  }

  @Query(() => JointAuthorityConnection, {
    description: 'Joint municipal authorities; at most 100 a page.',
  })
  jointAuthorities(@ValidArgs() args: ConnectionArgs) {
    return this.organisations.listJointAuthorities(args);
  }

  @ResolveField(() => [MunicipalityModel], { description: 'Member municipalities, by code.' })
  members(@Parent() ja: Organisation, @Context() ctx: RequestContext) {
    return this.organisations.members(ctx, ja.id);
  }
}
