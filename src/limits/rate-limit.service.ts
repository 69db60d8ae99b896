import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { GraphQLError } from 'graphql';
import { AuthService } from '../auth/auth.service';
import { type RequestContext } from '../common/loader-registry';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/config.module';
import { RateLimitState } from './limit-errors';

interface HttpRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
  headers?: Record<string, string | string[] | undefined>;
}

const log = new Logger('RateLimit');

/** host:port/database of a postgres:// URL, without the credentials. */
function databaseScope(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/**
 * Cost points per client and window (GitHub style), in memory, or in Redis
 * when REDIS_URL is set so that every instance draws on the same budget.
 */
@Injectable()
export class RateLimitService implements OnModuleDestroy {
  private readonly limiter?: RateLimiterAbstract;
  private readonly redis?: Redis;
  readonly points: number;
  readonly windowSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly auth: AuthService,
  ) {
    this.points = config.RATE_LIMIT_POINTS;
    this.windowSeconds = config.RATE_LIMIT_WINDOW_SECONDS;
    if (this.points === 0) return;
    // Token ids are per database: the instances of one database share budgets,
    // other deployments on the same Redis do not.
    const keyPrefix = `kv-rl:${createHash('sha256').update(databaseScope(databaseUrl)).digest('hex').slice(0, 16)}`;
    const options = { points: this.points, duration: this.windowSeconds, keyPrefix };
    if (config.REDIS_URL) {
      // No offline queue: while Redis is away, the in-memory insurance limiter counts instead.
      this.redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, lazyConnect: false });
      this.redis.on('error', (e: Error) => log.warn(`Redis: ${e.message}`));
      this.limiter = new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    } else {
      this.limiter = new RateLimiterMemory(options);
    }
  }

  get enabled(): boolean {
    return this.limiter !== undefined;
  }

  /**
   * The client: its token when it sends a valid one (one primary-key lookup,
   * reused by mutations), else its IP. An invalid token counts against the IP,
   * so made-up tokens cannot open fresh budgets.
   */
  async clientKey(ctx: RequestContext): Promise<string> {
    const req = ctx.req as HttpRequest | undefined;
    const authorization = req?.headers?.authorization;
    if (typeof authorization === 'string' && authorization !== '') {
      try {
        const actor = await this.auth.requireActor(ctx);
        return `token:${actor.tokenId}`;
      } catch (e) {
        if (!(e instanceof GraphQLError)) log.warn(`token lookup failed: ${String(e)}`);
      }
    }
    const ip = req?.ip ?? req?.socket?.remoteAddress ?? 'unknown';
    return `ip:${ip.replace(/^::ffff:/, '')}`;
  }

  /**
   * Spends `cost` points of the client's window. `allowed` is false when the
   * budget does not cover it; the points are then not counted as used.
   */
  async consume(
    client: string,
    cost: number,
  ): Promise<{ allowed: boolean; state: RateLimitState }> {
    const limiter = this.limiter!;
    const key = createHash('sha256').update(client).digest('base64url');
    try {
      const res = await limiter.consume(key, cost);
      return { allowed: true, state: this.state(res, cost, res.consumedPoints) };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // A refused operation ran nothing: give its points back so the client's
      // budget is what it really spent.
      const after = await limiter.reward(key, cost).catch(() => e);
      return { allowed: false, state: this.state(after, cost, after.consumedPoints) };
    }
  }

  /** Gives back the points of an operation that did no work for the client (a refused download). */
  async refund(client: string, cost: number): Promise<RateLimitState> {
    const key = createHash('sha256').update(client).digest('base64url');
    const after = await this.limiter!.reward(key, cost);
    return this.state(after, 0, after.consumedPoints);
  }

  private state(res: RateLimiterRes, cost: number, used: number): RateLimitState {
    return {
      limit: this.points,
      cost,
      used: Math.min(Math.max(0, used), this.points),
      remaining: Math.max(0, this.points - used),
      resetAt: new Date(Date.now() + Math.max(0, res.msBeforeNext)),
      windowSeconds: this.windowSeconds,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
