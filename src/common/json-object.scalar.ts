import { GraphQLScalarType } from 'graphql';
import { GraphQLJSONObject as Base } from 'graphql-scalars';

/**
 * graphql-scalars' JSONObject, without its @specifiedBy link: introspection
 * clients that do not ask for specifiedByURL would otherwise see a schema
 * that differs from the committed schema.gql.
 */
export const GraphQLJSONObject = new GraphQLScalarType({
  ...Base.toConfig(),
  specifiedByURL: undefined,
});
