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
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

const COVERAGE_SQL = `
  SELECT s.k, count(pr.id)::int AS programmes,
         count(pr.id) FILTER (WHERE NOT pr.project_list_complete)::int AS partial,
         CASE WHEN bool_and(pr.projects_granted IS NOT NULL) THEN sum(pr.projects_granted)::int END AS granted,
         (SELECT count(*)::int FROM project p WHERE s.k = 0 OR p.programme_id = s.k) AS recorded
  FROM unnest($1::int[]) AS s(k)
  LEFT JOIN programme pr ON s.k = 0 OR pr.id = s.k
  GROUP BY s.k`;

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
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Coverage of one scope (a programme id, or 0 for every programme), batched per request. */
  coverage(ctx: RequestContext, scope: number): Promise<ProjectListCoverage> {
    return ctx.loaders
      .get<number, ProjectListCoverage>('dashboard:projectList', async (scopes) => {
        const rows: {
          k: number;
          programmes: number;
          partial: number;
          granted: number | null;
          recorded: number;
        }[] = await this.ds.query(COVERAGE_SQL, [scopes]);
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

@Resolver(() => GrantFigures)
export class GrantFiguresListResolver {
  constructor(private readonly service: ProjectListService) {}

  @ResolveField(() => Boolean, LIST_COMPLETE)
  projectListComplete(@Parent() g: Scoped, @Context() ctx: RequestContext) {
    return this.service.complete(ctx, g);
  }

  // Amounts of the projects the data does not list are unknown too.
  @ResolveField(() => Boolean, {
    description:
      'True when every amount in scope is known, which needs every granted project to be listed.',
  })
  async complete(@Parent() g: GrantFigures & Scoped, @Context() ctx: RequestContext) {
    return g.complete && (await this.service.complete(ctx, g));
  }
}

@Resolver(() => ApplicationFigures)
export class ApplicationFiguresListResolver {
  constructor(private readonly service: ProjectListService) {}

  @ResolveField(() => Boolean, LIST_COMPLETE)
  projectListComplete(@Parent() g: Scoped, @Context() ctx: RequestContext) {
    return this.service.complete(ctx, g);
  }

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

@Resolver(() => EquityFigures)
export class EquityFiguresListResolver {
  constructor(private readonly service: ProjectListService) {}

  @ResolveField(() => Boolean, LIST_COMPLETE)
  projectListComplete(@Parent() g: Scoped, @Context() ctx: RequestContext) {
    return this.service.complete(ctx, g);
  }

  // Municipalities in unlisted projects are not recorded as reached either.
  @ResolveField(() => Boolean, {
    description:
      'False when a project in scope has an incomplete participant list, or a programme lists only part of its projects: "not reached" then means "not recorded as reached".',
  })
  async complete(@Parent() g: EquityFigures & Scoped, @Context() ctx: RequestContext) {
    return g.complete && (await this.service.complete(ctx, g));
  }
}

export const PROJECT_LIST_RESOLVERS = [
  DashboardProjectListResolver,
  GrantFiguresListResolver,
  ApplicationFiguresListResolver,
  EquityFiguresListResolver,
  ...[
    ProjectFigures,
    ParticipationFigures,
    CooperationFigures,
    ComplianceFigures,
    ReuseFigures,
  ].map(listCompleteResolver),
];
