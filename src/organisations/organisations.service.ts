import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionArgs, ConnectionShape, keysetConnection } from '../common/pagination';
import { Organisation, OrganisationKind } from './organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

@Injectable()
export class OrganisationsService {
  constructor(private readonly repository: OrganisationsRepository) {}

  byId(ctx: RequestContext, id: number): Promise<Organisation | null> {
    return this.byIdLoader(ctx).load(id);
  }

  /** Tells this request's loader of organisations another statement has read (e.g. in a join). */
  prime(ctx: RequestContext, organisations: Iterable<Organisation>): void {
    const loader = this.byIdLoader(ctx);
    for (const o of organisations) loader.prime(o.id, o);
  }

  private byIdLoader(ctx: RequestContext) {
    return ctx.loaders.get<number, Organisation | null>('organisationById', async (ids) =>
      indexBy(ids, await this.repository.readByIds(ids), (o) => o.id),
    );
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
    return keysetConnection(
      args,
      'number',
      (o: Organisation) => o.id,
      (page) => this.repository.readJointAuthorityPage(page),
      () => this.repository.readJointAuthorityCount(),
    );
  }

  /** Member municipalities of a joint authority, batched per request. */
  members(ctx: RequestContext, jointAuthorityId: number): Promise<Organisation[]> {
    return ctx.loaders
      .get<number, Organisation[]>('membersByJointAuthority', async (ids) =>
        groupBy(ids, await this.repository.readMembersOf(ids), (r) => r.linkedId).map((g) =>
          g.map((r) => r.organisation),
        ),
      )
      .load(jointAuthorityId);
  }

  /** Joint authorities a municipality belongs to, batched per request. */
  memberships(ctx: RequestContext, municipalityId: number): Promise<Organisation[]> {
    return ctx.loaders
      .get<number, Organisation[]>('jointAuthoritiesByMunicipality', async (ids) =>
        groupBy(ids, await this.repository.readMembershipsOf(ids), (r) => r.linkedId).map((g) =>
          g.map((r) => r.organisation),
        ),
      )
      .load(municipalityId);
  }
}
