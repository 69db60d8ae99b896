import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { toGlobalId } from '../common/global-id';
import { ValidArgs } from '../common/validation';
import { type RequestContext } from '../common/loader-registry';
import { Connection, ConnectionArgs } from '../common/pagination';
import { Source } from '../sources/source.entity';
import { SourcesService } from '../sources/sources.service';
import { Topic } from './topic.entity';
import { TopicsService } from './topics.service';

export const TopicConnection = Connection(Topic, 'Topic');

@Resolver(() => Topic)
export class TopicsResolver {
  constructor(
    private readonly topicService: TopicsService,
    private readonly sources: SourcesService,
  ) {}

  @Query(() => Topic, { description: 'A topic by slug. NOT_FOUND when unknown.' })
  topic(@Args('slug') slug: string) {
    return this.topicService.bySlug(slug);
  }

  @Query(() => TopicConnection, { description: 'Topics ordered by slug; at most 100 a page.' })
  topics(@ValidArgs() args: ConnectionArgs) {
    return this.topicService.list(args);
  }

  @ResolveField(() => ID)
  id(@Parent() t: Topic): string {
    return toGlobalId('Topic', t.id);
  }

  @ResolveField(() => Source, {
    description: 'Who classified it (the editorial classification for the dataset).',
  })
  source(@Parent() t: Topic, @Context() ctx: RequestContext) {
    return this.sources.byKey(ctx, t.sourceKey);
  }
}
