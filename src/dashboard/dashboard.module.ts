import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectsModule } from '../projects/projects.module';
import { DashboardResolver, ReusedOutputResolver } from './dashboard.resolver';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';
import { PROJECT_LIST_RESOLVERS, ProjectListService } from './project-list';

@Module({
  imports: [ProgrammesModule, ProjectsModule],
  providers: [
    DashboardRepository,
    DashboardService,
    DashboardResolver,
    ReusedOutputResolver,
    ProjectListService,
    ...PROJECT_LIST_RESOLVERS,
  ],
  exports: [DashboardService],
})
export class DashboardModule {}
