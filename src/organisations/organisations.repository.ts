import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetPage } from '../common/pagination';
import { type Queryable, rowsOf } from '../common/statements';
import { Organisation } from './organisation.entity';
import {
  ORGANISATIONS_SQL,
  type LinkedOrganisationRow,
  type OrganisationRow,
} from './sql/organisations.statements';

/** An organisation with the id it was looked up by. */
export interface LinkedOrganisation {
  linkedId: number;
  organisation: Organisation;
}

/**
 * The organisation and joint_authority_member tables. Reads use the DataSource; writes are
 * given their transaction's `Queryable` (and read there what they must see locked or fresh).
 */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readByIds(ids: readonly number[]): Promise<Organisation[]> {
    return (await rowsOf(this.ds, ORGANISATIONS_SQL.byIds, [[...ids]])).map(toOrganisation);
  }

  async readJointAuthorityPage(page: KeysetPage<number>): Promise<Organisation[]> {
    const statement = page.backward
      ? ORGANISATIONS_SQL.jointAuthoritiesBackward
      : ORGANISATIONS_SQL.jointAuthoritiesForward;
    const rows = await rowsOf(this.ds, statement, [page.after, page.before, page.limit]);
    return rows.map(toOrganisation);
  }

  async readJointAuthorityCount(): Promise<number> {
    const [row] = await rowsOf(this.ds, ORGANISATIONS_SQL.jointAuthorityCount, []);
    return row.n;
  }

  /** Members of the joint authorities (linkedId: the joint authority), by municipality id. */
  async readMembersOf(jointAuthorityIds: readonly number[]): Promise<LinkedOrganisation[]> {
    return linked(await rowsOf(this.ds, ORGANISATIONS_SQL.membersOf, [[...jointAuthorityIds]]));
  }

  /** Joint authorities of the municipalities (linkedId: the municipality), by id. */
  async readMembershipsOf(municipalityIds: readonly number[]): Promise<LinkedOrganisation[]> {
    return linked(await rowsOf(this.ds, ORGANISATIONS_SQL.membershipsOf, [[...municipalityIds]]));
  }

  /** Which of the ids are municipalities, read in the write's transaction. */
  async readMunicipalityIds(db: Queryable, ids: number[]): Promise<number[]> {
    return (await rowsOf(db, ORGANISATIONS_SQL.municipalityIds, [ids])).map((r) => r.id);
  }

  async writeNewJointAuthority(
    db: Queryable,
    names: { nameFi: string; nameSv: string | null; nameEn: string | null },
  ): Promise<Organisation> {
    const [row] = await rowsOf(db, ORGANISATIONS_SQL.insertJointAuthority, [
      names.nameFi,
      names.nameSv,
      names.nameEn,
    ]);
    return toOrganisation(row);
  }

  /** The joint authority, locked for the rest of the write; null when there is none. */
  async lockJointAuthority(db: Queryable, id: number): Promise<Organisation | null> {
    const [row] = await rowsOf(db, ORGANISATIONS_SQL.lockJointAuthority, [id]);
    return row ? toOrganisation(row) : null;
  }

  /** Sets the names given (nameFi null: kept; nameSv, nameEn undefined: kept) and the version. */
  async writeJointAuthorityNames(
    db: Queryable,
    id: number,
    names: { nameFi: string | null; nameSv?: string | null; nameEn?: string | null },
  ): Promise<Organisation> {
    const [row] = await rowsOf(db, ORGANISATIONS_SQL.updateJointAuthority, [
      id,
      names.nameFi,
      names.nameSv ?? null,
      names.nameEn ?? null,
      names.nameSv !== undefined,
      names.nameEn !== undefined,
    ]);
    return toOrganisation(row);
  }

  async readMemberIds(db: Queryable, jointAuthorityId: number): Promise<number[]> {
    const rows = await rowsOf(db, ORGANISATIONS_SQL.memberIds, [jointAuthorityId]);
    return rows.map((r) => r.municipalityId);
  }

  /** Makes `members` the joint authority's members (two statements, in the write's transaction). */
  async writeMembers(db: Queryable, jointAuthorityId: number, members: number[]): Promise<void> {
    await rowsOf(db, ORGANISATIONS_SQL.removeOtherMembers, [jointAuthorityId, members]);
    await rowsOf(db, ORGANISATIONS_SQL.addMembers, [jointAuthorityId, members]);
  }
}

export function toOrganisation(row: OrganisationRow): Organisation {
  return Object.assign(Object.create(Organisation.prototype) as Organisation, row);
}

function linked(rows: LinkedOrganisationRow[]): LinkedOrganisation[] {
  return rows.map(({ linkedId, ...row }) => ({ linkedId, organisation: toOrganisation(row) }));
}
