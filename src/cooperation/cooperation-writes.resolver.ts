import {
  Args,
  Context,
  Field,
  ID,
  Mutation,
  ObjectType,
  Parent,
  registerEnumType,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { withFilter } from 'graphql-subscriptions';
import { LoaderRegistry, type RequestContext } from '../common/loader-registry';
import { ValidInput } from '../common/validation';
import { ChangeFeed, type ChangeMessage } from '../live/change-feed';
import { ProgrammesService } from '../programmes/programmes.service';
import { CooperationCommitment, ReuseLink } from './cooperation-commitment.entity';
import { CommitmentChangeKind, CooperationWritesService } from './cooperation-writes.service';
import { CooperationService } from './cooperation.service';
import {
  ChangeCommitmentStatusInput,
  RecordCommitmentInput,
  RecordReuseLinkInput,
  VerifyCommitmentInput,
} from './dto/cooperation.inputs';

registerEnumType(CommitmentChangeKind, { name: 'CommitmentChangeKind' });

@ObjectType({ description: 'A change to a cooperation commitment, as streamed to subscribers.' })
export class CommitmentChange {
  @Field(() => CommitmentChangeKind)
  change: CommitmentChangeKind;
}

const AUTH_NOTE =
  ' Needs a bearer token: an admin, or a coordinator of a municipality taking part in the project.';

@Resolver(() => CommitmentChange)
export class CooperationWritesResolver {
  constructor(
    private readonly writes: CooperationWritesService,
    private readonly feed: ChangeFeed,
    private readonly programmes: ProgrammesService,
    private readonly cooperation: CooperationService,
  ) {}

  @Mutation(() => CooperationCommitment, {
    description:
      'Records a commitment of two projects to cooperate: DECLARED when a coordinator records it, VERIFIED when an admin does. One per pair and kind; a second is CONFLICT with extensions.existingId.' +
      AUTH_NOTE,
  })
  recordCommitment(@ValidInput() input: RecordCommitmentInput, @Context() ctx: RequestContext) {
    return this.writes.record(ctx, input);
  }

  @Mutation(() => CooperationCommitment, {
    description:
      'Moves a commitment: PROPOSED → ACTIVE → FULFILLED, or from PROPOSED or ACTIVE to WITHDRAWN or LAPSED (RULE_VIOLATION otherwise). A stale version is CONFLICT.' +
      AUTH_NOTE,
  })
  changeCommitmentStatus(
    @ValidInput() input: ChangeCommitmentStatusInput,
    @Context() ctx: RequestContext,
  ) {
    return this.writes.changeStatus(ctx, input);
  }

  @Mutation(() => CooperationCommitment, {
    description: 'Marks a commitment VERIFIED. Admins only.',
  })
  verifyCommitment(@ValidInput() input: VerifyCommitmentInput, @Context() ctx: RequestContext) {
    return this.writes.verify(ctx, input);
  }

  @Mutation(() => ReuseLink, {
    description: 'Records that a project builds on earlier work.' + AUTH_NOTE,
  })
  recordReuseLink(@ValidInput() input: RecordReuseLinkInput, @Context() ctx: RequestContext) {
    return this.writes.recordReuseLink(ctx, input);
  }

  @Subscription(() => CommitmentChange, {
    description:
      "Changes to the commitments of a programme's projects, as they are committed, from every server instance (graphql-ws protocol at /graphql). Public, like every read.",
    // Nested fields of each event are loaded afresh, not from an earlier event's loaders.
    resolve: (payload: ChangeMessage, _args: unknown, ctx: RequestContext) => {
      ctx.loaders = new LoaderRegistry();
      return payload;
    },
  })
  async commitmentChanges(
    @Args('programme', {
      type: () => ID,
      description:
        'Programme code, e.g. "vm-digi-joint-2019", as every other `programme` argument; its global id is accepted too.',
    })
    programme: string,
    @Context() ctx: RequestContext,
  ) {
    const programmeId = await this.programmes.requireCodeOrGlobal(ctx, programme, 'programme');
    return withFilter(
      () => this.feed.messages(),
      (m: ChangeMessage | undefined) =>
        m?.type === 'CooperationCommitment' && m.programmeIds.includes(programmeId),
    )(undefined, {}, ctx, undefined);
  }

  @ResolveField(() => Date, { description: 'When the change was made, just before its commit.' })
  at(@Parent() m: ChangeMessage): Date {
    return new Date(m.at);
  }

  @ResolveField(() => CooperationCommitment, { description: 'The commitment after the change.' })
  commitment(@Parent() m: ChangeMessage): CooperationCommitment {
    return this.cooperation.fromMessage(m.object);
  }
}
