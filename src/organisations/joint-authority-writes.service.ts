import { Injectable } from '@nestjs/common';
import { MutationRunner } from '../audit/mutation-runner.service';
import { assertMayAdminister } from '../auth/access';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { expectGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { type Queryable } from '../common/statements';
import { CreateJointAuthorityInput, UpdateJointAuthorityInput } from './dto/joint-authority.inputs';
import { Organisation } from './organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

const TYPE = 'JointAuthority';

/** Joint municipal authorities and their members, maintained by administrators. */
@Injectable()
export class JointAuthorityWritesService {
  constructor(
    private readonly organisations: OrganisationsRepository,
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
        const ja = await this.organisations.writeNewJointAuthority(w.manager, {
          nameFi: input.nameFi,
          nameSv: input.nameSv ?? null,
          nameEn: input.nameEn ?? null,
        });
        await this.organisations.writeMembers(w.manager, ja.id, [...members.keys()]);
        w.audit({
          entityType: TYPE,
          entityId: ja.id,
          before: null,
          after: { ...w.snapshot(Organisation, ja), memberIds: [...members.keys()] },
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
        const before = await this.organisations.lockJointAuthority(w.manager, id);
        if (!before) throw new NotFoundError(TYPE, input.jointAuthority);
        if (before.version !== input.version)
          throw new ConflictError(
            `The joint authority has changed since version ${input.version}; read it again and retry`,
            { currentVersion: before.version },
          );
        const membersBefore = await this.organisations.readMemberIds(w.manager, id);
        if (members) await this.requireMunicipalities(w.manager, members);
        const after = await this.organisations.writeJointAuthorityNames(w.manager, id, {
          nameFi: input.nameFi ?? null,
          nameSv: input.nameSv,
          nameEn: input.nameEn,
        });
        if (members) await this.organisations.writeMembers(w.manager, id, [...members.keys()]);
        w.audit({
          entityType: TYPE,
          entityId: id,
          before: { ...w.snapshot(Organisation, before), memberIds: membersBefore },
          after: {
            ...w.snapshot(Organisation, after),
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
  private async requireMunicipalities(db: Queryable, members: Map<number, string>): Promise<void> {
    const found = await this.organisations.readMunicipalityIds(db, [...members.keys()]);
    const missing = [...members.keys()].find((id) => !found.includes(id));
    if (missing !== undefined) throw new NotFoundError('Municipality', members.get(missing)!);
  }
}
