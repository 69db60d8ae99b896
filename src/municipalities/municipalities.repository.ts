import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetPage } from '../common/pagination';
import { rowsOf } from '../common/statements';
import { LanguageStatus, Organisation } from '../organisations/organisation.entity';
import { toOrganisation } from '../organisations/organisations.repository';
import { Region } from '../organisations/region.entity';
import { MUNICIPALITIES_SQL, type RegionRow } from './sql/municipalities.statements';

/** The municipalities list filter; null means "no such filter". */
export interface MunicipalityFilter {
  regionCode: string | null;
  languageStatus: LanguageStatus | null;
  /** Already escaped for LIKE. */
  search: string | null;
}

/** Municipalities (organisations of that kind) and regions, read only. */
@Injectable()
export class MunicipalitiesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readByCode(code: string): Promise<Organisation | null> {
    const [row] = await rowsOf(this.ds, MUNICIPALITIES_SQL.byCode, [code]);
    return row ? toOrganisation(row) : null;
  }

  async readPage(f: MunicipalityFilter, page: KeysetPage<string>): Promise<Organisation[]> {
    const statement = page.backward
      ? MUNICIPALITIES_SQL.pageBackward
      : MUNICIPALITIES_SQL.pageForward;
    const rows = await rowsOf(this.ds, statement, [
      f.regionCode,
      f.languageStatus,
      f.search,
      page.after,
      page.before,
      page.limit,
    ]);
    return rows.map(toOrganisation);
  }

  async readCount(f: MunicipalityFilter): Promise<number> {
    const [row] = await rowsOf(this.ds, MUNICIPALITIES_SQL.count, [
      f.regionCode,
      f.languageStatus,
      f.search,
    ]);
    return row.n;
  }

  async readRegions(): Promise<Region[]> {
    return (await rowsOf(this.ds, MUNICIPALITIES_SQL.regions, [])).map(toRegion);
  }

  async readRegionsByCodes(codes: readonly string[]): Promise<Region[]> {
    return (await rowsOf(this.ds, MUNICIPALITIES_SQL.regionsByCodes, [[...codes]])).map(toRegion);
  }
}

function toRegion(row: RegionRow): Region {
  return Object.assign(new Region(), row);
}
