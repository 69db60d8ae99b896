import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AUTH_CONFIG, AuthService } from './auth.service';
import { TokensRepository } from './tokens.repository';

/** Who a request acts as; every module that writes uses it through MutationRunner. */
@Module({
  providers: [TokensRepository, AuthService, { provide: AUTH_CONFIG, useExisting: APP_CONFIG }],
  exports: [AuthService, TokensRepository],
})
export class AuthModule {}
