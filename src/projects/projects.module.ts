import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProjectWritesResolver } from './project-writes.resolver';
import { ParticipantWritesService } from './participant-writes.service';
import { ProjectLifecycleService } from './project-lifecycle.service';
import { ProjectTopicWritesService } from './project-topic-writes.service';
import { ProjectWriteChecks } from './project-write-checks.service';
import { ProjectWritesRepository } from './project-writes.repository';
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
    ProjectWritesRepository,
    ProjectWriteChecks,
    ProjectLifecycleService,
    ParticipantWritesService,
    ProjectTopicWritesService,
    ProjectWritesResolver,
  ],
  exports: [ProjectsService, ProjectLifecycleService, ProjectWriteChecks],
})
export class ProjectsModule {}
