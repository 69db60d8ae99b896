import { requireProgrammeByCode } from '../programmes/programmes.repository';
import { type ProgrammeRow } from '../programmes/sql/programmes.statements';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf, type Statement } from '../common/statements';
import {
  DASHBOARD_SQL,
  type KeptPairCoverageRow,
  type PairCoverageRow,
  type PairSizeRow,
  type ProjectListRow,
} from './sql/dashboard.statements';

/**
 * The dashboard's access to PostgreSQL: the only holder of the DataSource in src/dashboard/.
 * Every statement is declared in sql/dashboard.statements.ts with its row type.
 */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The programme with this code (the one lookup of programmes/); NOT_FOUND when none. */
  requireProgramme(code: string): Promise<ProgrammeRow> {
    return requireProgrammeByCode(this.ds, code);
  }

  async programmesInScope(scope: number, first: number): Promise<number[]> {
    const rows = await rowsOf(this.ds, DASHBOARD_SQL.programmesInScope, [scope, first]);
    return rows.map((r) => r.id);
  }

  async programmeIds(): Promise<number[]> {
    return (await rowsOf(this.ds, DASHBOARD_SQL.programmeIds, [])).map((r) => r.id);
  }

  /** Every kept figure again from the tables (after a bulk load, or to repair). */
  async rebuild(): Promise<void> {
    await rowsOf(this.ds, DASHBOARD_SQL.rebuild, []);
  }

  /** How much of each scope's granted projects is listed; the projects recorded kept or counted live. */
  projectList(scopes: number[], live: boolean): Promise<ProjectListRow[]> {
    const statement = live ? DASHBOARD_SQL.projectList : DASHBOARD_SQL.projectListKept;
    return rowsOf(this.ds, statement, [scopes]);
  }

  /**
   * A figure statement for a batch of scopes. A kept one reads a few counter rows: one round
   * trip. A live one runs in its own transaction under FIGURE_SETTINGS_SQL (no JIT, more
   * work_mem; dashboard-limits.ts).
   */
  figureRows<Row, Params extends readonly unknown[]>(
    statement: Statement<Row, Params>,
    params: Params,
    live: boolean,
  ): Promise<Row[]> {
    if (!live) return rowsOf(this.ds, statement, params);
    return this.ds.transaction(async (m) => {
      await rowsOf(m, DASHBOARD_SQL.figureSettings, []);
      return rowsOf(m, statement, params);
    });
  }

  /** Each programme's size for the pair bounds: from the tables, or from the kept counters. */
  pairSizes(programmeIds: number[] | null, maxProjects: number, live: boolean) {
    const statement = live ? DASHBOARD_SQL.pairCandidates : DASHBOARD_SQL.pairCandidatesKept;
    return rowsOf<PairSizeRow, [number[] | null, number]>(this.ds, statement, [
      programmeIds,
      maxProjects,
    ]);
  }

  /** A programme's similar pairs scored live (the reference; cooperationGaps' SQL). */
  async pairCoverage(programmeId: number, threshold: number): Promise<PairCoverageRow> {
    const [row] = await rowsOf(this.ds, DASHBOARD_SQL.pairCoverage, [programmeId, threshold]);
    return row;
  }

  /** The similar pairs of the programmes (null: every one) from the kept list. */
  keptPairCoverage(
    programmeIds: number[] | null,
    threshold: number,
  ): Promise<KeptPairCoverageRow[]> {
    return rowsOf(this.ds, DASHBOARD_SQL.pairCoverageKept, [programmeIds, threshold]);
  }
}
