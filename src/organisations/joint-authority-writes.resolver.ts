import { Context, Mutation, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ValidInput } from '../common/validation';
import { CreateJointAuthorityInput, UpdateJointAuthorityInput } from './dto/joint-authority.inputs';
import { JointAuthorityWritesService } from './joint-authority-writes.service';
import { JointAuthorityModel } from './organisation.model';

@Resolver(() => JointAuthorityModel)
export class JointAuthorityWritesResolver {
  constructor(private readonly writes: JointAuthorityWritesService) {}

  @Mutation(() => JointAuthorityModel, {
    description: 'Adds a joint municipal authority with its member municipalities. Admins only.',
  })
  createJointAuthority(
    @ValidInput() input: CreateJointAuthorityInput,
    @Context() ctx: RequestContext,
  ) {
    return this.writes.create(ctx, input);
  }

  @Mutation(() => JointAuthorityModel, {
    description:
      'Changes a joint authority; `members`, when given, replaces the member list. A stale version is CONFLICT. Admins only.',
  })
  updateJointAuthority(
    @ValidInput() input: UpdateJointAuthorityInput,
    @Context() ctx: RequestContext,
  ) {
    return this.writes.update(ctx, input);
  }
}
