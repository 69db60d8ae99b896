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
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { assertMayAdminister } from '../auth/access';
import { AuthService } from '../auth/auth.service';
import { isNodeType, toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { Connection, ConnectionArgs } from '../common/pagination';
import { ValidArgs } from '../common/validation';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

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
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  @Query(() => AuditEventConnection, {
    description:
      'The audit trail, oldest first (use `last` for the newest): every successful change, with who, when, and the object before and after. Filter by object, by token, or both. Admins only.',
  })
  async auditTrail(@ValidArgs() args: AuditTrailArgs, @Context() ctx: RequestContext) {
    assertMayAdminister(await this.auth.requireActor(ctx), 'read the audit trail');
    return this.audit.trail(args);
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
