import {
  ArgsType,
  Context,
  Field,
  ID,
  Int,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { assertMayAdminister } from '../auth/access';
import { AuthService } from '../auth/auth.service';
import { fromGlobalId, isNodeType, toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { Connection, ConnectionArgs, paginate } from '../common/pagination';
import { ValidArgs } from '../common/validation';
import { AuditEvent } from './audit-event.entity';

@ArgsType()
export class AuditTrailArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only changes to this object.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @Field(() => Int, { nullable: true, description: 'Only changes made with this token.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  actorTokenId?: number;
}

const AuditEventConnection = Connection(AuditEvent, 'AuditEvent');

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly auth: AuthService,
  ) {}

  @Query(() => AuditEventConnection, {
    description:
      'The audit trail, oldest first (use `last` for the newest): every successful change, with who, when, and the object before and after. Filter by object, by token, or both. Admins only.',
  })
  async auditTrail(@ValidArgs() args: AuditTrailArgs, @Context() ctx: RequestContext) {
    assertMayAdminister(await this.auth.requireActor(ctx), 'read the audit trail');
    const qb = this.ds.getRepository(AuditEvent).createQueryBuilder('ae');
    if (args.entity) {
      const { type, id } = fromGlobalId(args.entity, 'entity');
      qb.andWhere('ae.entity_type = :type AND ae.entity_id = :id', { type, id });
    }
    if (args.actorTokenId) qb.andWhere('ae.actor_token_id = :token', { token: args.actorTokenId });
    return paginate(qb, { expression: 'ae.id', property: 'id', type: 'string' }, args);
  }

  @ResolveField(() => ID)
  id(@Parent() e: AuditEvent): string {
    return e.id;
  }

  @ResolveField(() => ID, {
    description: 'Global id of the changed object (for a token: its number).',
  })
  entityId(@Parent() e: AuditEvent): string {
    return isNodeType(e.entityType) ? toGlobalId(e.entityType, e.entityId) : String(e.entityId);
  }

  @ResolveField(() => Int, { nullable: true, description: 'Null for a command-line import.' })
  actorTokenId(@Parent() e: AuditEvent): number | null {
    return e.actorTokenId;
  }
}
