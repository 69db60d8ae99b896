import { Context, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { rateLimitStateOf } from './limits.plugin';

@ObjectType({
  description:
    "The caller's rate-limit budget (per token, else per IP), counted in cost points per window; see docs/limits.md.",
})
export class RateLimit {
  @Field(() => Int, { description: 'Points per window.' }) limit: number;
  @Field(() => Int, { description: 'What this query cost.' }) cost: number;
  @Field(() => Int, { description: 'Points spent in this window, this query included.' })
  used: number;
  @Field(() => Int) remaining: number;
  @Field({ description: 'When the window ends and the budget is full again.' }) resetAt: Date;
  @Field(() => Int) windowSeconds: number;
}

@Resolver()
export class RateLimitResolver {
  @Query(() => RateLimit, {
    nullable: true,
    description:
      "The caller's rate-limit budget after this query (as GitHub's rateLimit); null when rate limiting is off. Costs like any object field.",
  })
  rateLimit(@Context() ctx: RequestContext): RateLimit | null {
    return rateLimitStateOf(ctx) ?? null;
  }
}
