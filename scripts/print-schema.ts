/** Writes schema.gql from the code-first resolvers (run by `npm run build`). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config/paths';
import { printApiSchema } from '../src/graphql-schema';

printApiSchema().then(
  (text) => {
    writeFileSync(join(projectRoot(), 'schema.gql'), text);
    console.log('wrote schema.gql');
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
