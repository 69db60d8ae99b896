import { Context, Mutation, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ValidInput } from '../common/validation';
import { CreateTopicInput } from './dto/topic.inputs';
import { Topic } from './topic.entity';
import { TopicWritesService } from './topic-writes.service';

@Resolver(() => Topic)
export class TopicWritesResolver {
  constructor(private readonly writes: TopicWritesService) {}

  @Mutation(() => Topic, { description: 'Adds a topic to the taxonomy. Admins only.' })
  createTopic(@ValidInput() input: CreateTopicInput, @Context() ctx: RequestContext) {
    return this.writes.create(ctx, input);
  }
}
