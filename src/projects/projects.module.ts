import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { TopicsModule } from '../topics/topics.module';
import {
  OrganisationProjectsResolver,
  ParticipantResolver,
  ProgrammeProjectsResolver,
  TopicProjectsResolver,
} from './participant.resolver';
import { ProjectsResolver } from './projects.resolver';
import { ProjectsService } from './projects.service';

@Module({
  imports: [OrganisationsModule, ProgrammesModule, TopicsModule],
  providers: [
    ProjectsService,
    ProjectsResolver,
    ParticipantResolver,
    OrganisationProjectsResolver,
    TopicProjectsResolver,
    ProgrammeProjectsResolver,
  ],
  exports: [ProjectsService],
})
export class ProjectsModule {}
