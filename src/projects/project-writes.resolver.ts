import { Context, Mutation, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ValidInput } from '../common/validation';
import {
  AddParticipantInput,
  CreateProjectInput,
  RemoveParticipantInput,
  SetProjectTopicsInput,
  UpdateProjectInput,
} from './dto/project.inputs';
import { ParticipantWritesService } from './participant-writes.service';
import { ProjectLifecycleService } from './project-lifecycle.service';
import { ProjectTopicWritesService } from './project-topic-writes.service';
import { Project } from './project.entity';

const COORDINATOR_NOTE =
  ' Needs a bearer token: an admin, or a coordinator of a municipality taking part in the project.';

@Resolver(() => Project)
export class ProjectWritesResolver {
  constructor(
    private readonly lifecycle: ProjectLifecycleService,
    private readonly participants: ParticipantWritesService,
    private readonly topics: ProjectTopicWritesService,
  ) {}

  @Mutation(() => Project, {
    description:
      "Creates a project with its participants (exactly one LEAD) and topics. ACTIVE or COMPLETED needs the programme's minParticipants; an endDate past the completion deadline needs deadlineOverrideReason. Admins only.",
  })
  createProject(@ValidInput() input: CreateProjectInput, @Context() ctx: RequestContext) {
    return this.lifecycle.create(ctx, input);
  }

  @Mutation(() => Project, {
    description:
      'Changes a project. Send the version you read; a stale one is CONFLICT and changes nothing.' +
      COORDINATOR_NOTE,
  })
  updateProject(@ValidInput() input: UpdateProjectInput, @Context() ctx: RequestContext) {
    return this.lifecycle.update(ctx, input);
  }

  @Mutation(() => Project, {
    description: 'Adds a municipality or joint authority to a project.' + COORDINATOR_NOTE,
  })
  addParticipant(@ValidInput() input: AddParticipantInput, @Context() ctx: RequestContext) {
    return this.participants.add(ctx, input);
  }

  @Mutation(() => Project, {
    description:
      'Removes a participant. The lead cannot be removed, nor one that an ACTIVE or COMPLETED project needs to keep its minimum.' +
      COORDINATOR_NOTE,
  })
  removeParticipant(@ValidInput() input: RemoveParticipantInput, @Context() ctx: RequestContext) {
    return this.participants.remove(ctx, input);
  }

  @Mutation(() => Project, {
    description: "Replaces a project's topics." + COORDINATOR_NOTE,
  })
  setProjectTopics(@ValidInput() input: SetProjectTopicsInput, @Context() ctx: RequestContext) {
    return this.topics.set(ctx, input);
  }
}
