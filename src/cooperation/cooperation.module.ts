import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import {
  CooperationCommitmentResolver,
  ProjectCooperationResolver,
  ReuseLinkResolver,
} from './cooperation.resolver';
import { CooperationService } from './cooperation.service';

@Module({
  imports: [ProjectsModule],
  providers: [
    CooperationService,
    CooperationCommitmentResolver,
    ReuseLinkResolver,
    ProjectCooperationResolver,
  ],
  exports: [CooperationService],
})
export class CooperationModule {}
