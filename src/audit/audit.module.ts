import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveModule } from '../live/live.module';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { MutationRunner } from './mutation-runner.service';
import { UnitOfWork } from './unit-of-work.repository';

@Module({
  imports: [AuthModule, LiveModule],
  providers: [AuditRepository, UnitOfWork, AuditService, MutationRunner, AuditResolver],
  exports: [MutationRunner, AuthModule, LiveModule],
})
export class AuditModule {}
