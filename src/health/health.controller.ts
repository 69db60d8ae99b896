import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

/** The database ping's bound: a probe must answer quickly even when the pool is saturated. */
const PING_TIMEOUT_MS = 1000;

/**
 * Liveness says the process answers (restart it if not); readiness also needs
 * the database (send it no traffic if not). Terminus answers 503 with the
 * failing check in its body.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database').withTimeout(PING_TIMEOUT_MS)]);
  }
}
