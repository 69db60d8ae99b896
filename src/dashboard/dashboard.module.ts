import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectsModule } from '../projects/projects.module';
import { DashboardResolver, ReusedOutputResolver } from './dashboard.resolver';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [ProgrammesModule, ProjectsModule],
  providers: [DashboardService, DashboardResolver, ReusedOutputResolver],
  exports: [DashboardService],
})
export class DashboardModule {}
