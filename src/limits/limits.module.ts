import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DownloadRateLimitGuard } from './download-rate-limit.guard';
import { LimitsPlugin } from './limits.plugin';
import { RateLimitResolver } from './rate-limit.resolver';
import { RateLimitService } from './rate-limit.service';

/** Query cost and rate limits (the shape limits are validation rules, see app.module.ts). */
@Module({
  imports: [AuthModule],
  providers: [LimitsPlugin, RateLimitService, RateLimitResolver, DownloadRateLimitGuard],
  exports: [RateLimitService, DownloadRateLimitGuard],
})
export class LimitsModule {}
