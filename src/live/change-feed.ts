import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ChangeFeedRepository, ChangeListener } from './change-feed.repository';
import { CHANGE_CHANNEL, DRAIN_BATCH } from './sql/change-outbox.statements';
import { changeMessages, liveSubscriptions } from '../observability/metrics';

export { CHANGE_CHANNEL };
const LOCAL_TRIGGER = 'change';
/** How often any instance looks for messages left in the outbox (e.g. by a crashed instance). */
const SWEEP_MS = 1000;

/** A change as it travels between instances: small, JSON, and self-contained. */
export interface ChangeMessage {
  /** The GraphQL type of the changed object, e.g. "CooperationCommitment". */
  type: string;
  change: string;
  /** Programmes the object belongs to (a commitment belongs to the programmes of both projects). */
  programmeIds: number[];
  /** The object after the change, as a snapshot (see audit/snapshot.ts). */
  object: Record<string, unknown>;
  /** When the change was made (just before its commit), ISO 8601. */
  at: string;
}

/**
 * Live updates across server instances, through a transactional outbox.
 *
 * A write inserts its message into `change_outbox` inside its transaction, so
 * a message exists exactly when its change was committed. After the commit
 * the instance drains the outbox: it deletes a batch of rows and sends them
 * with NOTIFY (or to Redis with REDIS_URL) in one short transaction. Every
 * instance listens and fans messages out to its own subscribers.
 *
 * Why not NOTIFY inside the write itself: PostgreSQL serialises the commits
 * of all notifying transactions on one lock, held through the WAL flush, which
 * capped recording commitments well below the write target (docs/write-path.md).
 * Draining in batches takes that lock once per batch. A crashed instance's
 * undrained rows are picked up by the periodic sweep of any instance.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ChangeFeed');
  private readonly local = new PubSub();
  private listener?: ChangeListener;
  /** The listener's connection is up and LISTENing (it also sends the outbox). */
  private listening = false;
  private redis?: { publisher: Redis; subscriber: Redis };
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;
  private draining = false;
  private drainAgain = false;
  /** In-process consumers of every message (the graph index), and of listener reconnects. */
  private readonly consumers: ((m: ChangeMessage) => void)[] = [];
  private readonly reconnectConsumers: (() => void)[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ChangeFeedRepository,
  ) {}

  get transport(): 'postgres' | 'redis' {
    return this.config.REDIS_URL ? 'redis' : 'postgres';
  }

  async onModuleInit(): Promise<void> {
    if (this.config.REDIS_URL) await this.connectRedis(this.config.REDIS_URL);
    else await this.listen();
    this.sweeper = setInterval(() => this.drainSoon(), SWEEP_MS);
    this.sweeper.unref();
    this.drainSoon();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    clearTimeout(this.reconnectTimer);
    await this.listener?.close();
    if (this.redis) {
      this.redis.subscriber.disconnect();
      this.redis.publisher.disconnect();
    }
  }

  /** Sends what the outbox holds; calls while a drain runs are folded into one more drain. */
  drainSoon(): void {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    void (async () => {
      try {
        do {
          this.drainAgain = false;
          while ((await this.drainBatch()) === DRAIN_BATCH) this.drainAgain = false;
        } while (this.drainAgain && !this.stopped);
      } catch (e) {
        // The rows stay in the outbox; the sweep retries them.
        this.log.warn(`could not send change messages yet: ${String(e)}`);
      } finally {
        this.draining = false;
      }
    })();
  }

  /** One batch: rows are deleted only if they were sent. Returns how many. */
  private async drainBatch(): Promise<number> {
    if (!this.redis) {
      // On the listener's own connection (ChangeListener.takeAndNotify). While the listener
      // reconnects, the rows wait for the next sweep.
      if (!this.listener || !this.listening) return 0;
      return this.listener.takeAndNotify();
    }
    const redis = this.redis;
    return this.repo.takeBatch(async (payloads) => {
      const pipeline = redis.publisher.pipeline();
      for (const payload of payloads) pipeline.publish(CHANGE_CHANNEL, payload);
      const failed = ((await pipeline.exec()) ?? []).find(([error]) => error);
      if (failed) throw failed[0] as Error;
    });
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

  /**
   * Calls `consumer` with every message this instance receives, and `reconnected` when
   * the listener comes back after losing its connection (messages may have been missed).
   */
  consume(consumer: (m: ChangeMessage) => void, reconnected: () => void): void {
    this.consumers.push(consumer);
    this.reconnectConsumers.push(reconnected);
  }

  private deliver(raw: string): void {
    changeMessages.inc();
    let message: ChangeMessage;
    try {
      message = JSON.parse(raw) as ChangeMessage;
    } catch {
      this.log.warn('ignored a change message that is not JSON');
      return;
    }
    void this.local.publish(LOCAL_TRIGGER, message);
    for (const consumer of this.consumers) consumer(message);
  }

  /** A dedicated connection (not from the pool) holds the LISTEN; it reconnects if it drops. */
  private async listen(reconnect = false): Promise<void> {
    const listener = this.repo.listener({
      notification: (payload) => this.deliver(payload),
      lost: (reason) => {
        if (this.stopped) return;
        this.listener = undefined;
        this.listening = false;
        this.log.warn(`change listener lost its connection (${reason}); reconnecting in 1 s`);
        this.reconnectTimer = setTimeout(() => void this.listen(true).catch(() => undefined), 1000);
        this.reconnectTimer.unref();
      },
    });
    this.listener = listener;
    await listener.start();
    this.listening = true;
    if (reconnect) for (const r of this.reconnectConsumers) r();
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
