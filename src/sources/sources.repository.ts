import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../common/statements';
import { Source } from './source.entity';
import { SOURCES_SQL, type SourceRow } from './sql/sources.statements';

/** The sources table: read only (sources come from data/sources.csv and the CSV import). */
@Injectable()
export class SourcesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readByKeys(keys: readonly string[]): Promise<Source[]> {
    return (await rowsOf(this.ds, SOURCES_SQL.byKeys, [[...keys]])).map(toSource);
  }
}

function toSource(row: SourceRow): Source {
  return Object.assign(new Source(), row);
}
