import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/config.module';
import { clientQueryable, rowsOf } from '../common/statements';
import { CHANGE_CHANNEL, CHANGE_OUTBOX_SQL } from './sql/change-outbox.statements';

/** What the listener's connection reports to the change feed. */
export interface ListenerEvents {
  /** A message on the change channel (its NOTIFY payload). */
  notification(payload: string): void;
  /** The connection failed or ended; the listener is finished and a new one must be opened. */
  lost(reason: string): void;
}

/**
 * The change feed's session: one connection of its own (not from the pool) that LISTENs on the
 * change channel and sends the outbox with NOTIFY. `application_name` kuntaverkko-listen names it
 * in pg_stat_activity.
 */
export class ChangeListener {
  private readonly client: Client;
  private finished = false;

  constructor(
    url: string,
    private readonly events: ListenerEvents,
  ) {
    this.client = new Client({ connectionString: url, application_name: 'kuntaverkko-listen' });
    this.client.on('notification', (n) => {
      if (n.channel === CHANGE_CHANNEL && n.payload) events.notification(n.payload);
    });
    this.client.on('error', (e) => this.lost(e.message));
    this.client.on('end', () => this.lost('connection ended'));
  }

  /** Connects and LISTENs. A failure is reported to `lost` as well as thrown. */
  async start(): Promise<void> {
    try {
      await this.client.connect();
      await rowsOf(clientQueryable(this.client), CHANGE_OUTBOX_SQL.listen, []);
    } catch (e) {
      this.lost(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  /**
   * One batch of the outbox sent with NOTIFY: one statement on this connection, so one round
   * trip and no pooled connection, and NOTIFY and the DELETE commit or fail together.
   */
  async takeAndNotify(): Promise<number> {
    const [sent] = await rowsOf(clientQueryable(this.client), CHANGE_OUTBOX_SQL.takeAndNotify, [
      CHANGE_CHANNEL,
    ]);
    return sent.n;
  }

  /** Ends the connection without reporting it lost (the server is stopping). */
  async close(): Promise<void> {
    this.finished = true;
    await this.client.end().catch(() => undefined);
  }

  private lost(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.client.end().catch(() => undefined);
    this.events.lost(reason);
  }
}

/**
 * The change feed's access to PostgreSQL: the outbox (change_outbox) and the listener's
 * connection. Statements in sql/change-outbox.statements.ts.
 */
@Injectable()
export class ChangeFeedRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  /**
   * A listener, not yet connected (`start()`). LISTEN needs a session of its own: never through
   * a transaction pooler, hence DATABASE_LISTEN_URL when the app's URL is a pooler's.
   */
  listener(events: ListenerEvents): ChangeListener {
    return new ChangeListener(this.config.DATABASE_LISTEN_URL ?? this.databaseUrl, events);
  }

  /**
   * Takes one batch of the outbox in a transaction on the primary and hands it to `send` in the
   * order written; the rows are deleted only if `send` resolves. Returns how many were sent.
   */
  async takeBatch(send: (payloads: string[]) => Promise<void>): Promise<number> {
    return this.ds.transaction(async (manager) => {
      const rows = await rowsOf(manager, CHANGE_OUTBOX_SQL.takeBatch, []);
      if (rows.length === 0) return 0;
      // DELETE … RETURNING gives no order; messages go out in the order they were written.
      await send(rows.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => r.payload));
      return rows.length;
    });
  }
}
