import { Injectable } from '@nestjs/common';
import { groupBy, type RequestContext } from '../common/loader-registry';
import { OutputsRepository } from './outputs.repository';
import { ProjectOutput } from './project-output.entity';

/** Most outputs listed for one project; the schema documents the bound. */
export const MAX_OUTPUTS_PER_PROJECT = 50;

@Injectable()
export class OutputsService {
  constructor(private readonly repository: OutputsRepository) {}

  /** A project's outputs in their listed order, batched per request. */
  ofProject(ctx: RequestContext, projectId: number): Promise<ProjectOutput[]> {
    return ctx.loaders
      .get<number, ProjectOutput[]>('outputsByProject', async (ids) => {
        const outputs = await this.repository.readOfProjects(ids, MAX_OUTPUTS_PER_PROJECT);
        return groupBy(ids, outputs, (o) => o.projectId);
      })
      .load(projectId);
  }
}
