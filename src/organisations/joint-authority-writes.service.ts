import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MutationRunner } from '../audit/mutation-runner.service';
import { snapshot } from '../audit/snapshot';
import { assertMayAdminister } from '../auth/access';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { expectGlobalId } from '../common/global-id';
import { hydrate } from '../common/hydrate';
import { type RequestContext } from '../common/loader-registry';
import { rowsOf } from '../common/sql';
import { CreateJointAuthorityInput, UpdateJointAuthorityInput } from './dto/joint-authority.inputs';
import { Organisation, OrganisationKind } from './organisation.entity';

const TYPE = 'JointAuthority';

/** Joint municipal authorities and their members, maintained by administrators. */
@Injectable()
export class JointAuthorityWritesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: MutationRunner,
  ) {}

  create(ctx: RequestContext, input: CreateJointAuthorityInput): Promise<Organisation> {
    const members = this.memberIds(input.members);
    return this.runner.run(
      ctx,
      { operation: 'createJointAuthority', input, returns: Organisation },
      async (w) => {
        assertMayAdminister(w.actor, 'maintain joint authorities');
        await this.requireMunicipalities(w.manager, members);
        const rows = await rowsOf(
          w.manager,
          `INSERT INTO organisation (kind, name_fi, name_sv, name_en, source_key)
           VALUES ('JOINT_AUTHORITY', $1, $2, $3, 'api') RETURNING *`,
          [input.nameFi, input.nameSv ?? null, input.nameEn ?? null],
        );
        const [ja] = hydrate(this.ds, Organisation, rows);
        await this.setMembers(w.manager, ja.id, [...members.keys()]);
        w.audit({
          entityType: TYPE,
          entityId: ja.id,
          before: null,
          after: { ...snapshot(this.ds, Organisation, ja), memberIds: [...members.keys()] },
        });
        return ja;
      },
    );
  }

  update(ctx: RequestContext, input: UpdateJointAuthorityInput): Promise<Organisation> {
    const id = expectGlobalId(input.jointAuthority, [TYPE], 'input.jointAuthority');
    const members = input.members == null ? null : this.memberIds(input.members);
    return this.runner.run(
      ctx,
      { operation: 'updateJointAuthority', input, returns: Organisation },
      async (w) => {
        assertMayAdminister(w.actor, 'maintain joint authorities');
        if (input.nameFi === null) throw new BadInputError('input.nameFi', 'cannot be null');
        const found = await rowsOf(
          w.manager,
          `SELECT * FROM organisation WHERE id = $1 AND kind = 'JOINT_AUTHORITY' FOR UPDATE`,
          [id],
        );
        if (!found.length) throw new NotFoundError(TYPE, input.jointAuthority);
        const [before] = hydrate(this.ds, Organisation, found);
        if (before.version !== input.version)
          throw new ConflictError(
            `The joint authority has changed since version ${input.version}; read it again and retry`,
            { currentVersion: before.version },
          );
        const membersBefore = await this.members(w.manager, id);
        if (members) await this.requireMunicipalities(w.manager, members);
        const rows = await rowsOf(
          w.manager,
          `UPDATE organisation
              SET name_fi = COALESCE($2, name_fi),
                  name_sv = CASE WHEN $5 THEN $3 ELSE name_sv END,
                  name_en = CASE WHEN $6 THEN $4 ELSE name_en END,
                  version = version + 1, updated_at = now()
            WHERE id = $1 RETURNING *`,
          [
            id,
            input.nameFi ?? null,
            input.nameSv ?? null,
            input.nameEn ?? null,
            input.nameSv !== undefined,
            input.nameEn !== undefined,
          ],
        );
        const [after] = hydrate(this.ds, Organisation, rows);
        if (members) await this.setMembers(w.manager, id, [...members.keys()]);
        w.audit({
          entityType: TYPE,
          entityId: id,
          before: { ...snapshot(this.ds, Organisation, before), memberIds: membersBefore },
          after: {
            ...snapshot(this.ds, Organisation, after),
            memberIds: members ? [...members.keys()] : membersBefore,
          },
        });
        return after;
      },
    );
  }

  /** Member ids, each once, in id order, remembering how the client named each. */
  private memberIds(globalIds: string[]): Map<number, string> {
    const ids = globalIds.map(
      (g, i) => [expectGlobalId(g, ['Municipality'], `input.members[${i}]`), g] as const,
    );
    return new Map([...ids].sort((a, b) => a[0] - b[0]));
  }

  /** NOT_FOUND for the first member that is not a municipality here. */
  private async requireMunicipalities(
    manager: EntityManager,
    members: Map<number, string>,
  ): Promise<void> {
    const found = await rowsOf<{ id: number }>(
      manager,
      `SELECT id FROM organisation WHERE id = ANY($1::int[]) AND kind = $2`,
      [[...members.keys()], OrganisationKind.MUNICIPALITY],
    );
    const missing = [...members.keys()].find((id) => !found.some((f) => f.id === id));
    if (missing !== undefined) throw new NotFoundError('Municipality', members.get(missing)!);
  }

  private async members(manager: EntityManager, id: number): Promise<number[]> {
    return (
      await rowsOf<{ municipality_id: number }>(
        manager,
        `SELECT municipality_id FROM joint_authority_member WHERE joint_authority_id = $1 ORDER BY 1`,
        [id],
      )
    ).map((r) => r.municipality_id);
  }

  private async setMembers(manager: EntityManager, id: number, members: number[]): Promise<void> {
    await manager.query(
      `DELETE FROM joint_authority_member WHERE joint_authority_id = $1 AND NOT (municipality_id = ANY($2::int[]))`,
      [id, members],
    );
    await manager.query(
      `INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key)
       SELECT $1, unnest($2::int[]), 'api' ON CONFLICT DO NOTHING`,
      [id, members],
    );
  }
}
