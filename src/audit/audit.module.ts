import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveModule } from '../live/live.module';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { MutationRunner } from './mutation-runner.service';

@Module({
  imports: [AuthModule, LiveModule],
  providers: [AuditRepository, AuditService, MutationRunner, AuditResolver],
  exports: [MutationRunner, AuthModule, LiveModule],
})
export class AuditModule {}
