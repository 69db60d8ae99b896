import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Source } from '../sources/source.entity';

@ObjectType({ description: 'What importGrantDecisions created, or would create in a dry run.' })
export class GrantImportResult {
  @Field({
    description: 'True when nothing was written; the counts say what the import would create.',
  })
  dryRun: boolean;

  @Field(() => Int, { description: 'Projects, one per row of the file.' })
  projectCount: number;

  @Field(() => Int, { description: 'Participations, leads included.' })
  participantCount: number;

  @Field(() => Int, { description: 'Topics attached to the projects.' })
  topicCount: number;

  @Field(() => [ID], {
    description: 'The created projects in the order of the file; empty in a dry run.',
  })
  projectIds: string[];

  @Field(() => Source, {
    description:
      'The decision document that every imported fact points to (`import-<hash of the file>`).',
  })
  source: Source;
}
