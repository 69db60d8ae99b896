import { Injectable } from '@nestjs/common';
import { MutationRunner } from '../audit/mutation-runner.service';
import { expectGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { SetProjectTopicsInput } from './dto/project.inputs';
import { API_SOURCE, ProjectWriteChecks } from './project-write-checks.service';
import { ProjectWritesRepository } from './project-writes.repository';
import { Project } from './project.entity';

/** The topics a project is about. */
@Injectable()
export class ProjectTopicWritesService {
  constructor(
    private readonly runner: MutationRunner,
    private readonly repo: ProjectWritesRepository,
    private readonly checks: ProjectWriteChecks,
  ) {}

  /** Makes the project's topics exactly the given ones; topics it keeps keep their source. */
  set(ctx: RequestContext, input: SetProjectTopicsInput): Promise<Project> {
    const id = expectGlobalId(input.project, ['Project'], 'input.project');
    const topicIds = [
      ...new Set(input.topics.map((t, i) => expectGlobalId(t, ['Topic'], `input.topics[${i}]`))),
    ].sort((a, b) => a - b);
    return this.runner.run(
      ctx,
      { operation: 'setProjectTopics', input, returns: Project },
      async (w) => {
        await this.checks.lock(w, id, input.version);
        await this.checks.requireTopics(w.manager, topicIds);
        const before = await this.repo.topicIdsOf(w.manager, id);
        await this.repo.replaceTopics(w.manager, id, topicIds, API_SOURCE);
        const project = await this.repo.bump(w.manager, id);
        w.audit({
          entityType: 'Project',
          entityId: id,
          before: { topicIds: before },
          after: { topicIds },
        });
        return project;
      },
    );
  }
}
