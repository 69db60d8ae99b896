import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AuthResolver } from './tokens.resolver';

/**
 * The GraphQL side of tokens (viewer, revokeToken). Apart from auth/, which every write uses to
 * know its caller, because revoking is itself an audited write (auth/ ← audit/ ← tokens/).
 */
@Module({ imports: [AuthModule, AuditModule], providers: [AuthResolver] })
export class TokensApiModule {}
