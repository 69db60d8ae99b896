import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from './auth.module';
import { AuthResolver } from './auth.resolver';

/** The GraphQL side of tokens (viewer, revokeToken); apart from AuthModule because revoking is audited. */
@Module({ imports: [AuthModule, AuditModule], providers: [AuthResolver] })
export class AuthApiModule {}
