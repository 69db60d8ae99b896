import { Context, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InputType } from '@nestjs/graphql';
import { IsInt, Min } from 'class-validator';
import { toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { ValidInput } from '../common/validation';
import { ActorRole } from '../auth/auth.enums';
import { assertMayAdminister } from '../auth/access';
import { AuthService } from '../auth/auth.service';
import { MutationRunner } from '../audit/mutation-runner.service';
import { registerEnumType } from '@nestjs/graphql';

registerEnumType(ActorRole, {
  name: 'ActorRole',
  valuesMap: {
    ADMIN: { description: 'Ministry administrator: may do everything.' },
    COORDINATOR: {
      description: 'Municipal project coordinator: writes for its municipalities’ projects.',
    },
  },
});

@ObjectType({ description: 'The holder of the bearer token sent with the request.' })
export class Viewer {
  @Field(() => Int, { description: 'Id of the token (as shown by `npm run token`).' })
  tokenId: number;
  @Field() name: string;
  @Field(() => ActorRole) role: ActorRole;
  @Field(() => [ID], { description: 'Municipalities a coordinator acts for; empty for an admin.' })
  municipalities: string[];
}

@InputType()
export class RevokeTokenInput {
  @Field(() => Int, { description: 'Id of the token (as shown by `npm run token`).' })
  @IsInt()
  @Min(1)
  tokenId: number;
}

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly runner: MutationRunner,
  ) {}

  @Query(() => Viewer, {
    description: 'Who the bearer token acts as. UNAUTHENTICATED without a valid token.',
  })
  async viewer(@Context() ctx: RequestContext): Promise<Viewer> {
    const actor = await this.auth.requireActor(ctx);
    return {
      tokenId: actor.tokenId!,
      name: actor.name,
      role: actor.role,
      municipalities: actor.municipalityIds.map((id) => toGlobalId('Municipality', id)),
    };
  }

  @Mutation(() => Boolean, {
    description:
      'Revokes a token at once, on every instance; false when it was already revoked. Admins only.',
  })
  async revokeToken(@ValidInput() input: RevokeTokenInput, @Context() ctx: RequestContext) {
    assertMayAdminister(await this.auth.requireActor(ctx), 'revoke a token');
    return this.runner.run(ctx, { operation: 'revokeToken', input }, (w) =>
      this.auth.revoke(w, input.tokenId),
    );
  }
}
