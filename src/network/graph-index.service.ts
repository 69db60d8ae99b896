import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ChangeFeed, type ChangeMessage } from '../live/change-feed';
import { registry } from '../observability/metrics';
import { LinkSource } from './breadth-first';
import { GraphChecksums, GraphIndex } from './graph-index';
import { readGraphRows, refreshIndex } from './graph-index.load';
import { IndexLinks, SqlLinks } from './link-sources';
import { GraphRepository } from './graph.repository';

const indexBytes = new Gauge({
  name: 'kuntaverkko_graph_index_bytes',
  help: 'Memory held by the graph index arrays (and their overlay of changed lists).',
  registers: [registry],
});
const indexBuildSeconds = new Gauge({
  name: 'kuntaverkko_graph_index_build_seconds',
  help: 'How long the last full build of the graph index took (read from PostgreSQL and arranged).',
  registers: [registry],
});
const indexReady = new Gauge({
  name: 'kuntaverkko_graph_index_ready',
  help: '1 when graph queries are answered from the index, 0 while the SQL engine answers.',
  registers: [registry],
});
const indexPosition = new Gauge({
  name: 'kuntaverkko_graph_index_feed_position',
  help: 'The graph change feed position (graph_change_seq) the index reflects.',
  registers: [registry],
});
const indexChanges = new Counter({
  name: 'kuntaverkko_graph_index_changes_total',
  help: 'Graph change messages applied to the index.',
  registers: [registry],
});
const indexBuilds = new Counter({
  name: 'kuntaverkko_graph_index_builds_total',
  help: 'Full builds of the graph index, by where their snapshot was read (replica or primary).',
  labelNames: ['source'],
  registers: [registry],
});
const indexResyncs = new Counter({
  name: 'kuntaverkko_graph_index_resyncs_total',
  help: 'Full rebuilds of the graph index after start, by reason.',
  labelNames: ['reason'],
  registers: [registry],
});

/** The payload of a GraphChange message (written by the trigger graph_change_message). */
interface GraphChange {
  seq: number;
  full: boolean;
  projects: number[];
  organisations: number[];
}

/** A gap in the feed is waited for this long (a transaction may commit late) before checking. */
const GAP_WAIT_MS = 3000;
/** Past this many replaced lists, a full build rearranges the arrays. */
const MAX_OVERLAY = 50_000;

/**
 * One graph index per server instance (graph-index.ts), built at start from
 * PostgreSQL in the background and kept current from the change feed.
 *
 * - A full build reads a standby when DATABASE_READ_URLS names one in the rotation
 *   (GraphRepository.withBuildSnapshot), else the primary; changes re-read the
 *   primary.
 * - Every statement on a link table queues a numbered GraphChange message in
 *   the outbox (migration GraphChangeFeed), which reaches every instance; the
 *   index re-reads the lists of the projects and organisations it names, one
 *   batch at a time, in a snapshot, so it converges on the committed data.
 * - The index knows its feed position. A gap that stays open, a listener that
 *   reconnected, or the periodic check finding the checksums differ from the
 *   database's twice in a row makes it build again.
 * - Until the first build is done, and while a bulk change (an import, a seed
 *   load, the generator) is being rebuilt, the SQL engine answers.
 */
@Injectable()
export class GraphIndexService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('GraphIndex');
  private index: GraphIndex | null = null;
  /** A bulk change arrived: the index is known to be behind until the next build. */
  private stale = false;
  private asOf = new Date(0);
  private position = 0;
  /** Feed positions seen past `position` (out of order, or after a gap). */
  private readonly ahead = new Set<number>();
  private gapSince: number | null = null;
  private pending: GraphChange[] = [];
  private working = false;
  private rebuildWanted: string | null = null;
  private checkTimer?: NodeJS.Timeout;
  private disagreements = 0;
  private stopped = false;
  private builds = 0;
  /** Resolves when the current build and changes are applied (for tests and benchmarks). */
  private idle: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feed: ChangeFeed,
    private readonly repo: GraphRepository,
  ) {}

  get enabled(): boolean {
    return this.config.GRAPH_ENGINE === 'index';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.feed.consume(
      (m) => this.receive(m),
      () => this.requestRebuild('listener reconnected'),
    );
    this.requestRebuild('start');
    if (this.config.GRAPH_CHECK_SECONDS > 0) {
      this.checkTimer = setInterval(
        () => void this.periodicCheck(),
        this.config.GRAPH_CHECK_SECONDS * 1000,
      );
      this.checkTimer.unref();
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.checkTimer);
  }

  /** The engine for one answer: the index when it is current, else SQL. */
  links(): LinkSource {
    if (this.index && !this.stale) return new IndexLinks(this.index, this.asOf);
    return new SqlLinks(this.repo.steps);
  }

  get current(): GraphIndex | null {
    return this.index && !this.stale ? this.index : null;
  }

  get status() {
    return {
      ready: this.current !== null,
      position: this.position,
      asOf: this.asOf,
      bytes: this.index?.bytes ?? 0,
      builds: this.builds,
    };
  }

  private receive(m: ChangeMessage): void {
    if (m.type !== 'GraphChange') return;
    const change = m.object as unknown as GraphChange;
    this.pending.push(change);
    this.work();
  }

  private requestRebuild(reason: string): void {
    this.rebuildWanted ??= reason;
    this.work();
  }

  /** One piece of work at a time: a build, or a batch of changes, so they apply in order. */
  private work(): void {
    if (this.working || this.stopped) return;
    this.working = true;
    this.idle = (async () => {
      try {
        for (;;) {
          if (this.rebuildWanted !== null) {
            const reason = this.rebuildWanted;
            this.rebuildWanted = null;
            // Changes queued so far are in the new snapshot or will be re-read after it.
            const queued = this.pending;
            this.pending = [];
            await this.build(reason);
            this.pending = [...queued, ...this.pending];
            continue;
          }
          if (this.pending.length === 0) break;
          const batch = this.pending;
          this.pending = [];
          await this.apply(batch);
        }
      } catch (e) {
        this.log.warn(
          `graph index: ${e instanceof Error ? e.message : String(e)}; retrying in 5 s`,
        );
        this.stale = this.index === null || this.stale;
        setTimeout(() => this.requestRebuild('retry'), 5000).unref();
      } finally {
        this.working = false;
        indexReady.set(this.current ? 1 : 0);
        if (!this.stopped && (this.pending.length > 0 || this.rebuildWanted !== null)) this.work();
      }
    })();
  }

  /** Waits until the queued work is done (tests and benchmarks). */
  async settled(): Promise<void> {
    while (this.working) await this.idle;
  }

  private async build(reason: string): Promise<void> {
    const started = performance.now();
    const snapshotAt = new Date();
    // Messages that arrive while this build runs are applied after it (`pending`); those that
    // came before are in its snapshot, on a standby too (withBuildSnapshot). Messages marked
    // `full` meanwhile need another build.
    const { value: rows, position, source } = await this.repo.withBuildSnapshot(readGraphRows);
    const read = (performance.now() - started) / 1000;
    this.index = GraphIndex.build(rows);
    this.stale = false;
    this.asOf = snapshotAt;
    this.position = Math.max(this.position, position);
    for (const s of [...this.ahead]) if (s <= this.position) this.ahead.delete(s);
    this.gapSince = null;
    this.disagreements = 0;
    this.builds++;
    indexBuilds.inc({ source });
    if (reason !== 'start' && reason !== 'retry') indexResyncs.inc({ reason });
    const seconds = (performance.now() - started) / 1000;
    indexBuildSeconds.set(seconds);
    indexBytes.set(this.index.bytes);
    indexPosition.set(this.position);
    this.log.log(
      `graph index built (${reason}) in ${seconds.toFixed(2)} s (${read.toFixed(2)} s reading the ${source}): ${rows.participation.project.length} participations, ${(this.index.bytes / 2 ** 20).toFixed(1)} MiB, feed position ${this.position}`,
    );
  }

  /** Applies a batch of changes: re-reads the named lists in one snapshot. */
  private async apply(batch: GraphChange[]): Promise<void> {
    const index = this.index;
    if (!index) return; // the build under way reads them
    for (const c of batch) this.advance(c.seq);
    if (batch.some((c) => c.full)) {
      // A bulk change: SQL answers until the rebuild is done.
      this.stale = true;
      indexReady.set(0);
      this.rebuildWanted ??= 'bulk change';
      return;
    }
    const projects = [...new Set(batch.flatMap((c) => c.projects))];
    const named = [...new Set(batch.flatMap((c) => c.organisations))];
    const readAt = new Date();
    await this.repo.withSnapshot((s) => refreshIndex(s, index, projects, named));
    this.asOf = readAt;
    indexChanges.inc(batch.length);
    indexBytes.set(index.bytes);
    indexPosition.set(this.position);
    if (index.overlaySize > MAX_OVERLAY) this.rebuildWanted ??= 'compaction';
  }

  /** Moves the feed position past `seq`, remembering positions seen out of order. */
  private advance(seq: number): void {
    if (seq <= this.position) return;
    this.ahead.add(seq);
    while (this.ahead.has(this.position + 1)) this.ahead.delete(++this.position);
    if (this.ahead.size === 0) this.gapSince = null;
    else if (this.gapSince === null) {
      this.gapSince = Date.now();
      setTimeout(() => void this.closeGap(), GAP_WAIT_MS).unref();
    }
  }

  /**
   * A gap still open after GAP_WAIT_MS: its statement was rolled back (a sequence value is
   * never returned) or its message was lost. The checksums tell which.
   */
  private async closeGap(): Promise<void> {
    if (this.gapSince === null || Date.now() - this.gapSince < GAP_WAIT_MS || this.stopped) return;
    const agree = await this.check().catch(() => false);
    if (agree) {
      this.position = Math.max(this.position, ...this.ahead);
      this.ahead.clear();
      this.gapSince = null;
    } else {
      this.requestRebuild('gap in the feed');
    }
  }

  /** Compares the index's checksums with the database's. */
  async check(): Promise<boolean> {
    await this.settled();
    const index = this.index;
    if (!index) return false;
    const db: GraphChecksums = await this.repo.checksums();
    if (this.working || index !== this.index) return true; // changed meanwhile: next time
    const mine = index.checksums();
    return (Object.keys(mine) as (keyof GraphChecksums)[]).every((k) => mine[k] === db[k]);
  }

  /** Two disagreeing checks in a row (the first may race a message in flight) mean a resync. */
  private async periodicCheck(): Promise<void> {
    if (!this.index || this.stale || this.working) return;
    try {
      if (await this.check()) this.disagreements = 0;
      else if (++this.disagreements >= 2) this.requestRebuild('checksum');
    } catch (e) {
      this.log.warn(`graph index check failed: ${String(e)}`);
    }
  }
}
