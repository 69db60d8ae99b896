import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { hydrate } from '../common/hydrate';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionArgs, ConnectionShape, paginate } from '../common/pagination';
import { JointAuthorityMember, Organisation, OrganisationKind } from './organisation.entity';

@Injectable()
export class OrganisationsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  byId(ctx: RequestContext, id: number): Promise<Organisation | null> {
    return this.byIdLoader(ctx).load(id);
  }

  /** Tells this request's loader of organisations another statement has read (e.g. in a join). */
  prime(ctx: RequestContext, organisations: Iterable<Organisation>): void {
    const loader = this.byIdLoader(ctx);
    for (const o of organisations) loader.prime(o.id, o);
  }

  private byIdLoader(ctx: RequestContext) {
    return ctx.loaders.get<number, Organisation | null>('organisationById', async (ids) => {
      const rows = await this.ds.query('SELECT * FROM organisation WHERE id = ANY($1)', [ids]);
      return indexBy(ids, hydrate(this.ds, Organisation, rows), (o) => o.id);
    });
  }

  async require(ctx: RequestContext, id: number, kind: OrganisationKind): Promise<Organisation> {
    const found = await this.byId(ctx, id);
    if (!found || found.kind !== kind) {
      throw new NotFoundError(
        kind === OrganisationKind.MUNICIPALITY ? 'Municipality' : 'JointAuthority',
        id,
      );
    }
    return found;
  }

  listJointAuthorities(args: ConnectionArgs): Promise<ConnectionShape<Organisation>> {
    const qb = this.ds
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('o.kind = :kind', { kind: OrganisationKind.JOINT_AUTHORITY });
    return paginate(qb, { expression: 'o.id', property: 'id', type: 'number' }, args);
  }

  /** Member municipalities of a joint authority, batched per request. */
  members(ctx: RequestContext, jointAuthorityId: number): Promise<Organisation[]> {
    return ctx.loaders
      .get<number, Organisation[]>('membersByJointAuthority', async (ids) => {
        const rows = await this.ds.getRepository(JointAuthorityMember).find({
          where: { jointAuthorityId: In([...ids]) },
          relations: { municipality: true },
          order: { municipalityId: 'ASC' },
        });
        return groupBy(ids, rows, (r) => r.jointAuthorityId).map((g) =>
          g.map((r) => r.municipality!),
        );
      })
      .load(jointAuthorityId);
  }

  /** Joint authorities a municipality belongs to, batched per request. */
  memberships(ctx: RequestContext, municipalityId: number): Promise<Organisation[]> {
    return ctx.loaders
      .get<number, Organisation[]>('jointAuthoritiesByMunicipality', async (ids) => {
        const rows = await this.ds.getRepository(JointAuthorityMember).find({
          where: { municipalityId: In([...ids]) },
          relations: { jointAuthority: true },
          order: { jointAuthorityId: 'ASC' },
        });
        return groupBy(ids, rows, (r) => r.municipalityId).map((g) =>
          g.map((r) => r.jointAuthority!),
        );
      })
      .load(municipalityId);
  }
}
