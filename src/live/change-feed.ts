import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/config.module';
import { changeMessages, liveSubscriptions } from '../observability/metrics';

/** The channel (PostgreSQL NOTIFY or Redis) that carries changes between instances. */
export const CHANGE_CHANNEL = 'kuntaverkko_changes';
const LOCAL_TRIGGER = 'change';

/** A change as it travels between instances: small, JSON, and self-contained. */
export interface ChangeMessage {
  /** The GraphQL type of the changed object, e.g. "CooperationCommitment". */
  type: string;
  change: string;
  /** Programmes the object belongs to (a commitment belongs to the programmes of both projects). */
  programmeIds: number[];
  /** The object after the change, as a snapshot (see audit/snapshot.ts). */
  object: Record<string, unknown>;
  /** When the change was committed, ISO 8601. */
  at: string;
}

/**
 * Live updates across server instances. A write publishes inside its
 * transaction: with PostgreSQL, NOTIFY is delivered only when the transaction
 * commits and never for one that rolls back. With REDIS_URL set, the message
 * goes to Redis after the commit. Every instance listens and fans the message
 * out to its own subscribers.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ChangeFeed');
  private readonly local = new PubSub();
  private listener?: Client;
  private redis?: { publisher: Redis; subscriber: Redis };
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  get transport(): 'postgres' | 'redis' {
    return this.config.REDIS_URL ? 'redis' : 'postgres';
  }

  async onModuleInit(): Promise<void> {
    if (this.config.REDIS_URL) await this.connectRedis(this.config.REDIS_URL);
    else await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
    if (this.redis) {
      this.redis.subscriber.disconnect();
      this.redis.publisher.disconnect();
    }
  }

  /**
   * Publishes from inside a write transaction. Returns what must run after
   * the commit (nothing for PostgreSQL, whose NOTIFY is transactional).
   */
  async publish(manager: EntityManager, message: ChangeMessage): Promise<(() => void) | undefined> {
    const payload = JSON.stringify(message);
    if (this.redis) {
      const publisher = this.redis.publisher;
      return () => {
        publisher.publish(CHANGE_CHANNEL, payload).catch((e: unknown) => {
          this.log.warn(`Redis publish failed: ${String(e)}`);
        });
      };
    }
    await manager.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]);
    return undefined;
  }

  /** Every change message this instance receives, for one subscriber (counted while it is open). */
  messages(): AsyncIterableIterator<ChangeMessage> {
    const inner = this.local.asyncIterableIterator<ChangeMessage>(LOCAL_TRIGGER);
    liveSubscriptions.inc();
    let open = true;
    const close = () => {
      if (open) liveSubscriptions.dec();
      open = false;
    };
    return {
      next: () => inner.next(),
      return: () => {
        close();
        return inner.return();
      },
      throw: (e?: unknown) => {
        close();
        return inner.throw(e);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private deliver(raw: string): void {
    changeMessages.inc();
    try {
      void this.local.publish(LOCAL_TRIGGER, JSON.parse(raw) as ChangeMessage);
    } catch {
      this.log.warn('ignored a change message that is not JSON');
    }
  }

  /** A dedicated connection (not from the pool) holds the LISTEN; it reconnects if it drops. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    this.listener = client;
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.listener = undefined;
      this.log.warn(`change listener lost its connection (${reason}); reconnecting in 1 s`);
      this.reconnectTimer = setTimeout(() => void this.listen().catch(() => undefined), 1000);
      this.reconnectTimer.unref();
    };
    client.on('notification', (n) => {
      if (n.channel === CHANGE_CHANNEL && n.payload) this.deliver(n.payload);
    });
    client.on('error', (e) => onLost(e.message));
    client.on('end', () => onLost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (e) {
      onLost(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  private async connectRedis(url: string): Promise<void> {
    const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    const subscriber = new Redis(url, { lazyConnect: true });
    for (const r of [publisher, subscriber])
      r.on('error', (e: Error) => this.log.warn(`Redis: ${e.message}`));
    await Promise.all([publisher.connect(), subscriber.connect()]);
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === CHANGE_CHANNEL) this.deliver(payload);
    });
    await subscriber.subscribe(CHANGE_CHANNEL);
    this.redis = { publisher, subscriber };
  }
}
