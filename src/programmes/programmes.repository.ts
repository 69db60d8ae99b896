import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { toGlobalId } from '../common/global-id';
import { type KeysetPage } from '../common/pagination';
import { type Queryable, rowsOf } from '../common/statements';
import { Programme } from './programme.entity';
import { PROGRAMMES_SQL, type ProgrammeRow } from './sql/programmes.statements';

/**
 * The programme table, read only. The lookups by code and by id are also exported as functions
 * taking a `Queryable`, so a write reads the programme in its own transaction (and other
 * modules use this one lookup instead of writing their own).
 */
@Injectable()
export class ProgrammesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readByIds(ids: readonly number[]): Promise<Programme[]> {
    return (await rowsOf(this.ds, PROGRAMMES_SQL.byIds, [[...ids]])).map(toProgramme);
  }

  async readByCode(code: string): Promise<Programme | null> {
    const row = await readProgrammeByCode(this.ds, code);
    return row ? toProgramme(row) : null;
  }

  async readPage(page: KeysetPage<number>): Promise<Programme[]> {
    const statement = page.backward ? PROGRAMMES_SQL.pageBackward : PROGRAMMES_SQL.pageForward;
    const rows = await rowsOf(this.ds, statement, [page.after, page.before, page.limit]);
    return rows.map(toProgramme);
  }

  async readCount(): Promise<number> {
    const [row] = await rowsOf(this.ds, PROGRAMMES_SQL.count, []);
    return row.n;
  }
}

/** The programme with this code, or null. */
export async function readProgrammeByCode(
  db: Queryable,
  code: string,
): Promise<ProgrammeRow | null> {
  const [row] = await rowsOf(db, PROGRAMMES_SQL.byCode, [code]);
  return row ?? null;
}

/** The programme with this code; NOT_FOUND (naming the code) when there is none. */
export async function requireProgrammeByCode(db: Queryable, code: string): Promise<ProgrammeRow> {
  const row = await readProgrammeByCode(db, code);
  if (!row) throw new NotFoundError('Programme', code);
  return row;
}

/** The programme with this id; NOT_FOUND (naming `given`, by default its global id) when none. */
export async function requireProgrammeById(
  db: Queryable,
  id: number,
  given: string = toGlobalId('Programme', id),
): Promise<ProgrammeRow> {
  const [row] = await rowsOf(db, PROGRAMMES_SQL.byIds, [[id]]);
  if (!row) throw new NotFoundError('Programme', given);
  return row;
}

function toProgramme(row: ProgrammeRow): Programme {
  return Object.assign(Object.create(Programme.prototype) as Programme, row);
}
