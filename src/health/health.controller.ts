import { Controller, Get, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ReadRouter } from '../database/read-router';
import { embeddedStatus } from './embedded-status';

/** The database ping's bound: a probe must answer quickly even when the pool is saturated. */
const PING_TIMEOUT_MS = 1000;

/**
 * Liveness says the process can serve (restart it if not); readiness also
 * needs the database (send it no traffic if not). Terminus answers 503 with
 * the failing check in its body. The bodies say what is wrong in words of
 * their own, never the driver's error text, which names hosts and ports.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    @Optional() private readonly router?: ReadRouter,
  ) {}

  /** Fails only when the embedded PostgreSQL could not be restarted: a new process may do better. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([
      () => {
        const session = this.indicator.check('database');
        return embeddedStatus() === 'failed'
          ? session.down({ message: 'the embedded PostgreSQL could not be restarted' })
          : session.up();
      },
    ]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    // The standbys' entry appears only when DATABASE_READ_URLS names some.
    return this.health.check(
      this.router?.routing
        ? [() => this.database(), () => this.replicas()]
        : [() => this.database()],
    );
  }

  /**
   * The standbys of DATABASE_READ_URLS, for operators: always up, since reads fall back to
   * the primary; the details say which are in the read rotation and how far behind they are.
   */
  private replicas() {
    const session = this.indicator.check('replicas');
    const standbys = this.router?.status() ?? [];
    return session.up({
      inRotation: standbys.filter((s) => s.healthy).length,
      standbys: standbys.map((s) => ({
        name: s.name,
        inRotation: s.healthy,
        lagMs: s.lagMs,
        ...(s.reason ? { reason: s.reason } : {}),
      })),
    });
  }

  private async database() {
    const session = this.indicator.check('database');
    const ping = await Promise.resolve(
      this.db.pingCheck('database').withTimeout(PING_TIMEOUT_MS),
    ).catch(() => undefined);
    if (ping?.database?.status === 'up') return session.up();
    const status = embeddedStatus();
    return session.down({
      message:
        status === 'restarting'
          ? 'the embedded PostgreSQL is being restarted'
          : status === 'failed'
            ? 'the embedded PostgreSQL could not be restarted'
            : 'the database does not answer',
    });
  }
}
