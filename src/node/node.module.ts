import { Module } from '@nestjs/common';
import { CooperationModule } from '../cooperation/cooperation.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectsModule } from '../projects/projects.module';
import { TopicsModule } from '../topics/topics.module';
import { NodeResolver } from './node.resolver';

@Module({
  imports: [OrganisationsModule, ProgrammesModule, ProjectsModule, TopicsModule, CooperationModule],
  providers: [NodeResolver],
})
export class NodeModule {}
