import { createHash } from 'node:crypto';
import { DatabaseError, Pool, type PoolConfig } from 'pg';
import { Counter, Gauge } from 'prom-client';
import type { Queryable } from '../common/statements';
import { DomainError, ErrorCode } from '../common/errors';
import { registry } from '../observability/metrics';
import { requestScope } from '../observability/request-scope';
import { insertedEnd, lagMs, parseLsn, pruneSamples, type LsnSample } from './replica-lag';

const replicaReads = new Counter({
  name: 'kuntaverkko_db_reads_total',
  help: 'Statements declared as replica reads, by where they were answered (replica or primary) and why the primary.',
  labelNames: ['target', 'reason'] as const,
  registers: [registry],
});
const replicaRetries = new Counter({
  name: 'kuntaverkko_db_replica_retries_total',
  help: 'Replica reads that failed on the standby and were retried once on the primary.',
  registers: [registry],
});
const replicaLag = new Gauge({
  name: 'kuntaverkko_db_replica_lag_seconds',
  help: 'How far each standby is behind the primary, as last probed (-1: unknown).',
  labelNames: ['replica'] as const,
  registers: [registry],
});
const replicaUp = new Gauge({
  name: 'kuntaverkko_db_replica_up',
  help: '1 when the standby is in the read rotation (answers, in recovery, within DATABASE_READ_MAX_LAG_MS).',
  labelNames: ['replica'] as const,
  registers: [registry],
});

export interface ReadRouterSettings {
  /** The primary, for writes and for reads no standby may answer (the app's DataSource). */
  primary: Queryable;
  /** A direct URL of the primary, for the lag probe (its own connection, not the pool). */
  primaryUrl: string;
  readUrls: readonly string[];
  maxLagMs: number;
  poolSize: number;
  statementTimeoutMs: number;
  /** Between probes of every standby and of the primary's WAL position. */
  probeIntervalMs?: number;
  warn?: (line: string) => void;
}

/** One standby as the router sees it. */
export interface ReplicaStatus {
  /** host:port/database, without credentials. */
  name: string;
  /** In the rotation: answered the last probe, in recovery, lag known and within bounds. */
  healthy: boolean;
  lagMs: number | null;
  /** Why it is out of the rotation; null when in. */
  reason: string | null;
}

interface Replica {
  name: string;
  url: string;
  pool: Pool;
  probe: Pool;
  answered: boolean;
  /** Out of the rotation after a failed statement, until a probe succeeds. */
  failed: boolean;
  standby: boolean;
  replay: bigint | null;
  lagMs: number | null;
  reason: string | null;
}

/** What the router keeps about one request, keyed by its request scope. */
interface RequestRouting {
  /** Who is asking: token, else IP (read-your-writes is per client). */
  client: string;
  /** A mutation: every statement of the request goes to the primary. */
  primaryOnly: boolean;
}

const requests = new WeakMap<object, RequestRouting>();

/** Names the client of the current request (called by the routing middleware). */
export function startRequestRouting(client: string): void {
  const scope = requestScope.getStore();
  if (scope) requests.set(scope, { client, primaryOnly: false });
}

/** The current request's routing, when inside an HTTP request. */
export function requestRouting(): RequestRouting | undefined {
  const scope = requestScope.getStore();
  return scope ? requests.get(scope) : undefined;
}

/**
 * The client a request is from, for read-your-writes: its bearer credential (hashed: never
 * kept in memory as sent), else its address (req.ip, which TRUST_PROXY decides).
 */
export function clientOf(req: {
  headers?: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
}): string {
  const authorization = req.headers?.authorization;
  if (typeof authorization === 'string' && authorization !== '')
    return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
  return `ip:${(req.ip ?? req.socket?.remoteAddress ?? 'unknown').replace(/^::ffff:/, '')}`;
}

/**
 * The SQLSTATE of an error PostgreSQL sent; none for errors of the client or the socket, whose
 * codes (EPIPE, ECONNRESET, …) may look like one.
 */
function sqlState(e: unknown): string | undefined {
  return e instanceof DatabaseError ? e.code : undefined;
}

/**
 * After these the standby is taken out of the rotation: connection failures, shutdowns, too
 * many connections, system errors (SQLSTATE 08, 53, 58, XX, 57P01–57P04), and any error that
 * PostgreSQL did not send (a reset or broken socket, a refused connection, a connect timeout).
 */
export function standbyDown(e: unknown): boolean {
  const code = sqlState(e);
  if (code === undefined) return true;
  return /^(08|53|58|XX)/.test(code) || ['57P01', '57P02', '57P03', '57P04'].includes(code);
}

/**
 * Errors worth one retry on the primary: a standby going away, or a query the standby
 * cancelled because of a conflict with recovery (40001). Others (bad input, a statement
 * timeout) would fail on the primary as well.
 */
export function retryOnPrimary(e: unknown): boolean {
  return standbyDown(e) || sqlState(e) === '40001';
}

/**
 * Sends reads that may be slightly stale to hot standbys (DATABASE_READ_URLS), round-robin
 * over the ones in the rotation, and everything else to the primary. docs/scaling.md.
 *
 * - A standby is in the rotation while it answers the probe (every second), is in
 *   recovery, and is at most DATABASE_READ_MAX_LAG_MS behind (lag: replica-lag.ts).
 * - A statement that fails on a standby takes it out until the next successful probe; the
 *   statement is retried once on the primary, so the request does not fail.
 * - Inside a mutation, every read goes to the primary.
 * - Read your writes: after a mutation, the writer's reads go to a standby only when its last
 *   probed replay position is past the end of the WAL the primary had inserted after the
 *   commit; to the primary otherwise. The mark lasts DATABASE_READ_MAX_LAG_MS + 2 probe
 *   intervals: by then every standby in the rotation has replayed the write.
 * - No standby in the rotation: the primary.
 */
export class ReadRouter implements Queryable {
  private readonly replicas: Replica[];
  private readonly samples: LsnSample[] = [];
  private readonly writes = new Map<string, { lsn: bigint; until: number }>();
  private readonly probeIntervalMs: number;
  private readonly primaryProbe: Pool | undefined;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private turn = 0;

  constructor(private readonly settings: ReadRouterSettings) {
    this.probeIntervalMs = settings.probeIntervalMs ?? 1000;
    const common: PoolConfig = {
      connectionTimeoutMillis: 2000,
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: 30_000,
    };
    this.replicas = settings.readUrls.map((url) => {
      const replica: Replica = {
        name: nameOf(url),
        url,
        pool: new Pool({
          ...common,
          connectionString: url,
          max: settings.poolSize,
          application_name: 'kuntaverkko-read',
        }),
        probe: new Pool({
          ...common,
          connectionString: url,
          max: 1,
          statement_timeout: 2000,
          application_name: 'kuntaverkko-probe',
        }),
        answered: false,
        failed: false,
        standby: false,
        replay: null,
        lagMs: null,
        reason: 'not probed yet',
      };
      // A standby that dies closes the idle connections: not an error of any request.
      replica.pool.on('error', () => this.markFailed(replica, 'its connection was lost'));
      replica.probe.on('error', () => undefined);
      return replica;
    });
    if (this.replicas.length > 0) {
      this.primaryProbe = new Pool({
        ...common,
        connectionString: settings.primaryUrl,
        max: 1,
        statement_timeout: 2000,
        application_name: 'kuntaverkko-probe',
      });
      this.primaryProbe.on('error', () => undefined);
    }
  }

  /** True when standbys are configured (else every statement goes to the primary as it is). */
  get routing(): boolean {
    return this.replicas.length > 0;
  }

  /** Probes once (so standbys start in the rotation), then every probe interval. */
  async start(): Promise<void> {
    if (!this.routing) return;
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.probeIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.probing;
    await Promise.all([
      ...this.replicas.flatMap((r) => [r.pool.end(), r.probe.end()]),
      this.primaryProbe?.end(),
    ]).catch(() => undefined);
  }

  /** A Queryable for reads: `staleOk` ones go through the router, others to the primary. */
  reader(options: { staleOk: boolean }): Queryable {
    return options.staleOk && this.routing ? this : this.settings.primary;
  }

  /** One read that may be stale: a standby in the rotation, else the primary. */
  async query(text: string, params?: unknown[]): Promise<unknown> {
    const { replica, reason } = this.pick();
    if (!replica) {
      replicaReads.inc({ target: 'primary', reason });
      return this.settings.primary.query(text, params);
    }
    // The request budget holds here as on the primary (request-budget.ts).
    if (requestScope.getStore()?.timedOut)
      throw new DomainError(
        ErrorCode.TIMEOUT,
        'The request took longer than its time budget and was cancelled',
      );
    replicaReads.inc({ target: 'replica', reason: '' });
    try {
      return (await replica.pool.query(text, params)).rows;
    } catch (e) {
      if (!retryOnPrimary(e)) throw e;
      if (standbyDown(e)) this.markFailed(replica, 'a statement failed on it');
      replicaRetries.inc();
      return this.settings.primary.query(text, params);
    }
  }

  /**
   * Remembers that the current request's client wrote: called after a mutation's commit.
   * One statement on the primary (its WAL position); none without standbys.
   */
  async noteWrite(): Promise<void> {
    const routing = requestRouting();
    if (!this.routing || !routing) return;
    // The end of what has been inserted, which includes this request's commit record; the
    // write position may not yet (synchronous_commit = off): replica-lag.ts, insertedEnd.
    const [row] = (await this.settings.primary.query(
      `SELECT pg_current_wal_insert_lsn()::text AS lsn,
              current_setting('wal_block_size')::int AS block,
              pg_size_bytes(current_setting('wal_segment_size'))::text AS segment`,
    )) as { lsn: string; block: number; segment: string }[];
    const inserted = parseLsn(row?.lsn);
    if (inserted === null) return;
    const lsn = insertedEnd(inserted, BigInt(row.block), BigInt(row.segment));
    const until = Date.now() + this.settings.maxLagMs + 2 * this.probeIntervalMs;
    // Two mutations of one client may note their positions out of order: keep the furthest.
    const before = this.writes.get(routing.client);
    this.writes.set(routing.client, { lsn: before && before.lsn > lsn ? before.lsn : lsn, until });
  }

  /**
   * A standby in the rotation, for work that opens a connection of its own there (the graph
   * index's build); round-robin like the reads. Undefined when none is.
   */
  standbyUrl(): string | undefined {
    return this.pick().replica?.url;
  }

  /** Every standby's state, for /health/ready. */
  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name,
      healthy: r.reason === null,
      lagMs: r.lagMs,
      reason: r.reason,
    }));
  }

  private pick(): { replica?: Replica; reason: string } {
    if (!this.routing) return { reason: 'no standby' };
    const routing = requestRouting();
    if (routing?.primaryOnly) return { reason: 'mutation' };
    let wrote = routing ? this.writes.get(routing.client) : undefined;
    if (wrote && wrote.until < Date.now()) {
      this.writes.delete(routing!.client);
      wrote = undefined;
    }
    const rotation = this.replicas.filter(
      (r) => r.reason === null && (!wrote || (r.replay !== null && r.replay >= wrote.lsn)),
    );
    if (rotation.length === 0)
      return {
        reason: wrote && this.replicas.some((r) => r.reason === null) ? 'own write' : 'no standby',
      };
    this.turn = (this.turn + 1) % 1_000_000;
    return { replica: rotation[this.turn % rotation.length], reason: '' };
  }

  private markFailed(replica: Replica, why: string): void {
    if (!replica.failed)
      this.settings.warn?.(`standby ${replica.name} left the read rotation: ${why}`);
    replica.failed = true;
    this.update(replica);
  }

  private probe(): Promise<void> {
    this.probing ??= this.probeAll().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probeAll(): Promise<void> {
    const now = Date.now();
    try {
      const { rows } = await this.primaryProbe!.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== null) this.samples.push({ at: now, lsn });
    } catch {
      // The primary not answering is the readiness check's business; the lag stays as known.
    }
    pruneSamples(this.samples, now, 2 * this.settings.maxLagMs + 5 * this.probeIntervalMs);
    const cutoff = now - 4 * this.probeIntervalMs;
    for (const [client, mark] of this.writes) if (mark.until < cutoff) this.writes.delete(client);
    await Promise.all(
      this.replicas.map(async (r) => {
        try {
          const { rows } = await r.probe.query<{ standby: boolean; replay: string | null }>(
            'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay',
          );
          r.answered = true;
          r.standby = rows[0].standby;
          r.replay = parseLsn(rows[0].replay);
          r.lagMs = lagMs(this.samples, r.replay, Date.now());
          if (r.failed) this.settings.warn?.(`standby ${r.name} answers again`);
          r.failed = false;
        } catch {
          r.answered = false;
        }
        this.update(r);
      }),
    );
  }

  private update(r: Replica): void {
    const before = r.reason;
    r.reason = r.failed
      ? 'a statement failed on it'
      : !r.answered
        ? 'does not answer'
        : !r.standby
          ? 'not in recovery (not a hot standby)'
          : r.lagMs === null || r.lagMs > this.settings.maxLagMs
            ? 'too far behind'
            : null;
    if (before !== r.reason && before !== 'not probed yet' && r.reason !== null && !r.failed)
      this.settings.warn?.(`standby ${r.name} is out of the read rotation: ${r.reason}`);
    replicaUp.set({ replica: r.name }, r.reason === null ? 1 : 0);
    replicaLag.set({ replica: r.name }, r.lagMs === null ? -1 : r.lagMs / 1000);
  }
}

/** host:port/database of a URL, never its credentials (metrics, health, log lines). */
export function nameOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}
