import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProjectWritesResolver } from './project-writes.resolver';
import { ProjectWritesService } from './project-writes.service';
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
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

@Module({
  imports: [OrganisationsModule, ProgrammesModule, TopicsModule, AuditModule],
  providers: [
    ProjectsRepository,
    ProjectsService,
    ProjectsResolver,
    ParticipantResolver,
    OrganisationProjectsResolver,
    TopicProjectsResolver,
    ProgrammeProjectsResolver,
    ProjectWritesService,
    ProjectWritesResolver,
  ],
  exports: [ProjectsService, ProjectWritesService],
})
export class ProjectsModule {}
