import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { LanguageStatus, OrganisationKind } from './organisation.entity';

/**
 * GraphQL shapes of the organisation table. A project participant is a
 * municipality or a joint authority; both implement `Organisation`.
 */
@InterfaceType('Organisation', {
  implements: () => [Node],
  description:
    'A municipality or a joint municipal authority: anything that can take part in a project.',
  resolveType: (value: { __typename: string }) => value.__typename,
})
export abstract class OrganisationModel {
  @Field(() => ID) id: string;
  @Field(() => OrganisationKind) kind: OrganisationKind;
  @Field({ description: 'Finnish name.' }) nameFi: string;
  @Field(() => String, { nullable: true, description: 'Swedish name.' }) nameSv: string | null;
  @Field(() => String, { nullable: true, description: 'English name.' }) nameEn: string | null;

  @Field({
    description:
      'Made by the synthetic-network generator for benchmarks and demos; not a real organisation.',
  })
  synthetic: boolean;

  @Field(() => Int, { description: 'Incremented on every change; send it back to update.' })
  version: number;
}

@ObjectType('Municipality', {
  implements: () => [Node, OrganisationModel],
  description: 'A municipality (kunta / kommun) of the 2020 division.',
})
export class MunicipalityModel extends OrganisationModel {
  @Field({ description: 'Three-digit Statistics Finland code, with leading zeros, e.g. "091".' })
  code: string;

  @Field(() => LanguageStatus)
  languageStatus: LanguageStatus;

  @Field(() => Int, {
    nullable: true,
    description: 'Population on 31.12.2019; null where none is published.',
  })
  population2019: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO date on which it merged into `mergedInto`.',
  })
  mergedOn: string | null;
}

@ObjectType('JointAuthority', {
  implements: () => [Node, OrganisationModel],
  description: 'A joint municipal authority (kuntayhtymä / samkommun).',
})
export class JointAuthorityModel extends OrganisationModel {}
