/**
 * Prints the GraphQL schema from the code-first resolvers into a file:
 *   node dist/scripts/print-schema.js dist/schema.gql   (every build)
 *   npm run schema                                       (updates the committed schema.gql)
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { projectRoot } from '../src/config/paths';
import { printApiSchema } from '../src/graphql-schema';

const target = process.argv[2] ?? 'schema.gql';
printApiSchema().then(
  (text) => {
    writeFileSync(isAbsolute(target) ? target : join(projectRoot(), target), text);
    console.log(`wrote ${target}`);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
