import { Injectable } from '@nestjs/common';
import {
  Context,
  Field,
  Float,
  Int,
  ObjectType,
  Parent,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import {
  ApplicationFigures,
  ComplianceFigures,
  CooperationFigures,
  Dashboard,
  EquityFigures,
  GrantFigures,
  ParticipationFigures,
  ProjectFigures,
  ReuseFigures,
} from './dashboard.models';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

/**
 * Whether the projects that the figures count are all the projects the
 * programmes granted. A round whose sources name only some of its projects
 * (Programme.projectListComplete false) makes every count a lower bound, and
 * each figure group says so through `projectListComplete`.
 */
@ObjectType({
  description:
    'How much of the programmes’ granted projects the data lists. When complete is false, every figure that counts projects is a lower bound.',
})
export class ProjectListCoverage {
  @Field(() => Int, { description: 'Programmes in scope.' }) programmes: number;

  @Field(() => Int, {
    description: 'Programmes in scope whose data lists only part of their granted projects.',
  })
  programmesListedInPart: number;

  @Field(() => Int, { description: 'Projects recorded here.' }) projectsRecorded: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Projects granted, as published; null when a programme in scope has not published it.',
  })
  projectsGranted: number | null;

  @Field({ description: 'True when every programme in scope lists all its granted projects.' })
  complete: boolean;
}

/** The scope a figure group was computed for; set by DashboardResolver. */
export const SCOPE = Symbol('dashboard scope');
type Scoped = { [SCOPE]?: number };

/** Marks a figure group with its scope, so its projectListComplete can be answered. */
export async function withScope<T extends object>(scope: number, group: Promise<T>): Promise<T> {
  const g = await group;
  if (g) Object.defineProperty(g, SCOPE, { value: scope, enumerable: false });
  return g;
}

@Injectable()
export class ProjectListService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly dashboard: DashboardService,
  ) {}

  /** Coverage of one scope (a programme id, or 0 for every programme), batched per request. */
  coverage(ctx: RequestContext, scope: number): Promise<ProjectListCoverage> {
    return ctx.loaders
      .get<number, ProjectListCoverage>('dashboard:projectList', async (scopes) => {
        const rows = await this.repository.projectList(
          [...scopes],
          this.dashboard.engine === 'live',
        );
        const byScope = new Map(rows.map((r) => [r.k, r]));
        return scopes.map((k) => {
          const r = byScope.get(k)!;
          return Object.assign(new ProjectListCoverage(), {
            programmes: r.programmes,
            programmesListedInPart: r.partial,
            projectsRecorded: r.recorded,
            projectsGranted: r.granted,
            complete: r.partial === 0,
          });
        });
      })
      .load(scope);
  }

  async complete(ctx: RequestContext, group: Scoped): Promise<boolean> {
    const scope = group[SCOPE];
    return scope === undefined ? false : (await this.coverage(ctx, scope)).complete;
  }
}

const LIST_COMPLETE = {
  description:
    'False when a programme in scope lists only part of its granted projects: the counts here are then lower bounds (see Dashboard.projectList).',
};

@Resolver(() => Dashboard)
export class DashboardProjectListResolver {
  constructor(private readonly service: ProjectListService) {}

  @ResolveField(() => ProjectListCoverage, {
    description:
      'How many of the granted projects the data lists. Every figure group has projectListComplete from it.',
  })
  projectList(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return this.service.coverage(ctx, d.scope);
  }
}

/** projectListComplete on a figure group type. */
function listCompleteResolver(target: new () => object) {
  @Resolver(() => target)
  class GroupProjectListResolver {
    constructor(readonly service: ProjectListService) {}

    @ResolveField(() => Boolean, LIST_COMPLETE)
    projectListComplete(@Parent() g: Scoped, @Context() ctx: RequestContext) {
      return this.service.complete(ctx, g);
    }
  }
  Object.defineProperty(GroupProjectListResolver, 'name', { value: `${target.name}ListResolver` });
  return GroupProjectListResolver;
}

/**
 * `complete` on a group whose own completeness (every amount known, every participant list
 * complete) also needs every granted project to be listed: what is not listed is unknown too.
 */
function groupCompleteResolver(target: new () => { complete: boolean }, description: string) {
  @Resolver(() => target)
  class GroupCompleteResolver {
    constructor(readonly service: ProjectListService) {}

    @ResolveField(() => Boolean, { description })
    async complete(@Parent() g: { complete: boolean } & Scoped, @Context() ctx: RequestContext) {
      return g.complete && (await this.service.complete(ctx, g));
    }
  }
  Object.defineProperty(GroupCompleteResolver, 'name', { value: `${target.name}CompleteResolver` });
  return GroupCompleteResolver;
}

@Resolver(() => ApplicationFigures)
export class ApplicationGrantRateResolver {
  constructor(private readonly service: ProjectListService) {}

  // Recorded projects of a partly listed round are not its granted ones: use the published count.
  @ResolveField(() => Float, {
    nullable: true,
    description:
      'Projects granted ÷ applications received: recorded projects where every list is complete, the published counts otherwise; null when a needed figure is unknown.',
  })
  async grantRate(@Parent() g: ApplicationFigures & Scoped, @Context() ctx: RequestContext) {
    if (await this.service.complete(ctx, g)) return g.grantRate;
    return g.applicationsReceived && g.projectsGrantedPublished !== null
      ? g.projectsGrantedPublished / g.applicationsReceived
      : null;
  }
}

export const PROJECT_LIST_RESOLVERS = [
  DashboardProjectListResolver,
  ApplicationGrantRateResolver,
  groupCompleteResolver(
    GrantFigures,
    'True when every amount in scope is known, which needs every granted project to be listed.',
  ),
  groupCompleteResolver(
    EquityFigures,
    'False when a project in scope has an incomplete participant list, or a programme lists only part of its projects: "not reached" then means "not recorded as reached".',
  ),
  ...[
    ApplicationFigures,
    GrantFigures,
    EquityFigures,
    ProjectFigures,
    ParticipationFigures,
    CooperationFigures,
    ComplianceFigures,
    ReuseFigures,
  ].map(listCompleteResolver),
];
