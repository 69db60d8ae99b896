import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '../common/errors';
import { fromGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { Node } from '../common/node.interface';
import { CooperationService } from '../cooperation/cooperation.service';
import { OrganisationKind } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { ProgrammesService } from '../programmes/programmes.service';
import { ProjectsService } from '../projects/projects.service';
import { TopicsService } from '../topics/topics.service';

@Resolver()
export class NodeResolver {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly programmes: ProgrammesService,
    private readonly projects: ProjectsService,
    private readonly topics: TopicsService,
    private readonly cooperation: CooperationService,
  ) {}

  @Query(() => Node, {
    description: 'Any object by its global id. NOT_FOUND when it does not exist.',
  })
  async node(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<object> {
    const { type, id: key } = fromGlobalId(id);
    const found = await this.find(ctx, type, key);
    if (!found) throw new NotFoundError(type, id);
    return found;
  }

  private async find(ctx: RequestContext, type: string, id: number): Promise<object | null> {
    switch (type) {
      case 'Municipality':
      case 'JointAuthority': {
        const o = await this.organisations.byId(ctx, id);
        const kind =
          type === 'Municipality'
            ? OrganisationKind.MUNICIPALITY
            : OrganisationKind.JOINT_AUTHORITY;
        return o && o.kind === kind ? o : null;
      }
      case 'Programme':
        return this.programmes.byId(ctx, id);
      case 'Project':
        return this.projects.byId(ctx, id);
      case 'Topic':
        return this.topics.byId(ctx, id);
      case 'CooperationCommitment':
        return this.cooperation.commitmentById(ctx, id);
      case 'ReuseLink':
        return this.cooperation.reuseLinkById(ctx, id);
      default:
        return null;
    }
  }
}
