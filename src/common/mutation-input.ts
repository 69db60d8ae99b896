import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';

/** Fields every mutation input has. */
@InputType({ isAbstract: true })
export abstract class MutationInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Makes a retry safe: repeating the mutation with the same key (8–100 characters of A–Z, a–z, 0–9, _ . : -) within 24 hours returns the first result and writes nothing. The same key with different input is CONFLICT.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{8,100}$/, {
    message: 'must be 8–100 characters of A–Z, a–z, 0–9, _ . : -',
  })
  idempotencyKey?: string | null;
}
