import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveModule } from '../live/live.module';
import { AuditResolver } from './audit.resolver';
import { MutationRunner } from './mutation-runner.service';

@Module({
  imports: [AuthModule, LiveModule],
  providers: [MutationRunner, AuditResolver],
  exports: [MutationRunner, AuthModule, LiveModule],
})
export class AuditModule {}
