import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ValidArgs } from '../common/validation';
import { Programme } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { Project } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import {
  ApplicationFigures,
  ComplianceFigures,
  CooperationFigures,
  Dashboard,
  EquityFigures,
  GrantFigures,
  ParticipationFigures,
  ProjectFigures,
  ReusedOutput,
  ReuseFigures,
} from './dashboard.models';
import { ALL_PROGRAMMES, DashboardService } from './dashboard.service';
import { withScope } from './project-list';
import {
  ComplianceArgs,
  DashboardArgs,
  DashboardListArgs,
  ThresholdArgs,
} from './dto/dashboard.args';

/**
 * Figure groups are nullable: a group that fails (e.g. TIMEOUT on a very
 * large network) is null with its error, and the others still answer.
 */
const GROUP = { nullable: true } as const;

@Resolver(() => Dashboard)
export class DashboardResolver {
  constructor(
    private readonly service: DashboardService,
    private readonly programmes: ProgrammesService,
  ) {}

  @Query(() => Dashboard, {
    description:
      'Figures for ministry dashboards, for one programme or (programme: null) every programme together; byProgramme breaks them down. NOT_FOUND for an unknown programme.',
  })
  dashboard(@ValidArgs() args: DashboardArgs) {
    return this.service.dashboard(args.programme);
  }

  @ResolveField(() => Programme, {
    nullable: true,
    description: 'The programme; null for the dashboard of every programme.',
  })
  programme(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return d.scope === ALL_PROGRAMMES ? null : this.programmes.byId(ctx, d.scope);
  }

  @ResolveField(() => [Dashboard], {
    description:
      'One dashboard per programme in scope, by programme code; at most `first` (≤ 100). Each figure group runs one statement for all of them.',
  })
  byProgramme(@Parent() d: Dashboard, @ValidArgs() args: DashboardListArgs) {
    return this.service.byProgramme(d.scope, args.first);
  }

  @ResolveField(() => ApplicationFigures, GROUP)
  applications(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return withScope(d.scope, this.service.applications(ctx, d.scope));
  }

  @ResolveField(() => ProjectFigures, GROUP)
  projects(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return withScope(d.scope, this.service.projects(ctx, d.scope));
  }

  @ResolveField(() => ParticipationFigures, GROUP)
  participation(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return withScope(d.scope, this.service.participation(ctx, d.scope));
  }

  @ResolveField(() => GrantFigures, GROUP)
  grants(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return withScope(d.scope, this.service.grants(ctx, d.scope));
  }

  @ResolveField(() => CooperationFigures, GROUP)
  cooperation(
    @Parent() d: Dashboard,
    @ValidArgs() args: ThresholdArgs,
    @Context() ctx: RequestContext,
  ) {
    return withScope(d.scope, this.service.cooperation(ctx, d.scope, args.threshold));
  }

  @ResolveField(() => ComplianceFigures, GROUP)
  compliance(
    @Parent() d: Dashboard,
    @ValidArgs() args: ComplianceArgs,
    @Context() ctx: RequestContext,
  ) {
    return withScope(d.scope, this.service.compliance(ctx, d.scope, args.threshold, args.asOf));
  }

  @ResolveField(() => EquityFigures, GROUP)
  equity(@Parent() d: Dashboard, @Context() ctx: RequestContext) {
    return withScope(d.scope, this.service.equity(ctx, d.scope));
  }

  @ResolveField(() => ReuseFigures, GROUP)
  reuse(
    @Parent() d: Dashboard,
    @ValidArgs() args: DashboardListArgs,
    @Context() ctx: RequestContext,
  ) {
    return withScope(d.scope, this.service.reuse(ctx, d.scope, args.first));
  }
}

@Resolver(() => ReusedOutput)
export class ReusedOutputResolver {
  constructor(private readonly projects: ProjectsService) {}

  @ResolveField(() => Project, {
    nullable: true,
    description: 'The project reused, when the output is a project here.',
  })
  sourceProject(@Parent() o: ReusedOutput, @Context() ctx: RequestContext) {
    return o.sourceProjectId === null ? null : this.projects.byId(ctx, o.sourceProjectId);
  }
}
