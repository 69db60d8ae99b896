import { Args, Context, ID, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { expectGlobalId, toGlobalId } from '../common/global-id';
import { ValidArgs } from '../common/validation';
import { type RequestContext } from '../common/loader-registry';
import { Connection } from '../common/pagination';
import { FactProvenance } from '../sources/source.entity';
import { SourcesService } from '../sources/sources.service';
import { Programme } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { Topic } from '../topics/topic.entity';
import { ProjectByListingArgs, ProjectsArgs } from './dto/projects.args';
import { ParticipantRole, Participation, Project } from './project.entity';
import { ProjectsService } from './projects.service';
import { selectedFields } from './selection';

export const ProjectConnection = Connection(Project, 'Project');

@Resolver(() => Project)
export class ProjectsResolver {
  constructor(
    private readonly projectService: ProjectsService,
    private readonly programmeService: ProgrammesService,
    private readonly sources: SourcesService,
  ) {}

  @Query(() => Project, { description: 'A project by id. NOT_FOUND when unknown.' })
  project(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext) {
    return this.projectService.require(ctx, expectGlobalId(id, ['Project']));
  }

  @Query(() => Project, {
    description: 'A project by its place in the published list of a programme.',
  })
  projectByListing(@ValidArgs() args: ProjectByListingArgs) {
    return this.projectService.byListing(args);
  }

  @Query(() => ProjectConnection, {
    description: 'Projects in a stable order (by id); at most 100 a page.',
  })
  async projects(
    @ValidArgs() args: ProjectsArgs,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const connection = await this.projectService.list(args);
    await this.projectService.preload(
      ctx,
      connection.edges.map((e) => e.node),
      selectedFields(info, ['edges', 'node']),
    );
    return connection;
  }

  // Field resolvers take graphql-js's (parent, args, context) without parameter decorators:
  // Nest then calls them directly instead of through its per-call parameter and pipe machinery.
  @ResolveField(() => ID)
  id(p: Project): string {
    return toGlobalId('Project', p.id);
  }

  @ResolveField(() => Programme)
  programme(p: Project, _args: unknown, ctx: RequestContext) {
    return this.programmeService.byId(ctx, p.programmeId);
  }

  @ResolveField(() => [Participation], {
    description:
      'Known participants, lead first. See participantsKnown: the list may be incomplete.',
  })
  participants(p: Project, _args: unknown, ctx: RequestContext) {
    return (
      this.projectService.preloaded(p)?.participants ?? this.projectService.participants(ctx, p.id)
    );
  }

  @ResolveField(() => Participation, { nullable: true, description: 'The lead participant.' })
  lead(p: Project, _args: unknown, ctx: RequestContext) {
    const lead = (participants: Participation[]) =>
      participants.find((x) => x.role === ParticipantRole.LEAD) ?? null;
    const loaded = this.projectService.preloaded(p)?.participants;
    return loaded ? lead(loaded) : this.projectService.participants(ctx, p.id).then(lead);
  }

  @ResolveField(() => [Topic])
  topics(p: Project, _args: unknown, ctx: RequestContext) {
    return this.projectService.preloaded(p)?.topics ?? this.projectService.topics(ctx, p.id);
  }

  @ResolveField(() => [FactProvenance], {
    description: 'The source of each recorded fact about the project.',
  })
  provenance(p: Project, _args: unknown, ctx: RequestContext) {
    return this.sources.provenance(ctx, p.provenance);
  }
}
