import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { clientQueryable, rowsOf } from '../common/statements';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/config.module';
import { nameOf, ReadRouter } from '../database/read-router';
import { GraphSteps } from './graph-steps.repository';
import { BuildRead, connect, GraphSnapshot, withGraphSnapshot } from './graph-snapshot.repository';
import { ChecksumsRow, GRAPH_SQL } from './sql/graph.statements';

/** Between looks at how far a standby has replayed, while a build waits for it. */
const REPLAY_POLL_MS = 50;

/**
 * The graph engines' access to PostgreSQL; every statement is declared in
 * sql/graph.statements.ts. The SQL engine's steps and the checksums run on the pool (the
 * primary). The graph index reads in snapshots on connections of its own: a full build on a
 * standby when DATABASE_READ_URLS names one in the rotation (`withBuildSnapshot`), a change's
 * lists on the primary (`withSnapshot`).
 */
@Injectable()
export class GraphRepository {
  private readonly log = new Logger('GraphIndex');
  readonly steps: GraphSteps;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly router: ReadRouter,
  ) {
    this.steps = new GraphSteps(ds);
  }

  /** The database's checksums of the link tables, on the primary (the data of the moment). */
  async checksums(): Promise<ChecksumsRow> {
    const [row] = await rowsOf(this.ds, GRAPH_SQL.checksums, []);
    return row;
  }

  /**
   * A snapshot on the primary: the lists a change names are re-read there, since a standby
   * may not have replayed the change yet when its message arrives.
   */
  withSnapshot<T>(read: (s: GraphSnapshot) => Promise<T>): Promise<T> {
    return withGraphSnapshot(this.databaseUrl, read);
  }

  /**
   * The snapshot of a full build, and the feed position it reflects. The position and a WAL
   * position are read on the primary first (`feedMark`). On a standby the snapshot starts
   * only once the standby has replayed past that WAL position, so it holds every change
   * committed before the build began: a change whose message came before is in it, and one
   * whose message comes later is applied after the build. A standby that does not get there
   * within DATABASE_READ_MAX_LAG_MS, or fails, leaves the build to the primary.
   */
  async withBuildSnapshot<T>(read: (s: GraphSnapshot) => Promise<T>): Promise<BuildRead<T>> {
    const [mark] = await rowsOf(this.ds, GRAPH_SQL.feedMark, []);
    const position = Number(mark.position);
    const standby = this.router.standbyUrl();
    if (standby) {
      try {
        const value = await this.onStandby(standby, mark.lsn, read);
        if (value !== undefined) return { value: value.out, position, source: 'replica' };
      } catch (e) {
        this.log.warn(
          `graph index: the standby ${nameOf(standby)} failed (${e instanceof Error ? e.message : String(e)}); reading the primary`,
        );
      }
    }
    return { value: await this.withSnapshot(read), position, source: 'primary' };
  }

  /** The snapshot on a standby once it has replayed past `lsn`; undefined if it does not in time. */
  private async onStandby<T>(
    url: string,
    lsn: string,
    read: (s: GraphSnapshot) => Promise<T>,
  ): Promise<{ out: T } | undefined> {
    const client = await connect(url);
    try {
      const db = clientQueryable(client);
      const deadline = Date.now() + this.config.DATABASE_READ_MAX_LAG_MS;
      for (let polls = 0; ; polls++) {
        const [{ replayed }] = await rowsOf(db, GRAPH_SQL.replayedPast, [lsn]);
        if (replayed) break;
        if (polls === 0)
          this.log.log(
            `graph index build waits for the standby ${nameOf(url)} to replay up to ${lsn}`,
          );
        if (Date.now() > deadline) {
          this.log.warn(
            `graph index: the standby ${nameOf(url)} did not replay up to ${lsn} within ${this.config.DATABASE_READ_MAX_LAG_MS} ms; reading the primary`,
          );
          return undefined;
        }
        await new Promise((r) => setTimeout(r, REPLAY_POLL_MS));
      }
      return { out: await new GraphSnapshot(client).run(read) };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
