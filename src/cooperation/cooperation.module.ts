import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectsModule } from '../projects/projects.module';
import { CooperationWritesResolver } from './cooperation-writes.resolver';
import { CooperationWritesService } from './cooperation-writes.service';
import {
  CooperationCommitmentResolver,
  ProjectCooperationResolver,
  ReuseLinkResolver,
} from './cooperation.resolver';
import { CooperationRepository } from './cooperation.repository';
import { CooperationService } from './cooperation.service';

@Module({
  imports: [ProjectsModule, ProgrammesModule, AuditModule],
  providers: [
    CooperationRepository,
    CooperationService,
    CooperationCommitmentResolver,
    ReuseLinkResolver,
    ProjectCooperationResolver,
    CooperationWritesService,
    CooperationWritesResolver,
  ],
  exports: [CooperationService],
})
export class CooperationModule {}
