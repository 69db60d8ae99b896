import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hydrate } from '../common/hydrate';
import { groupBy, type RequestContext } from '../common/loader-registry';
import { ProjectOutput } from './project-output.entity';

/** Most outputs listed for one project; the schema documents the bound. */
export const MAX_OUTPUTS_PER_PROJECT = 50;

@Injectable()
export class OutputsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A project's outputs in their listed order, batched per request. */
  ofProject(ctx: RequestContext, projectId: number): Promise<ProjectOutput[]> {
    return ctx.loaders
      .get<number, ProjectOutput[]>('outputsByProject', async (ids) => {
        const rows = await this.ds.query(
          `SELECT id, project_id, position, title, description, published_at, source_key
           FROM (SELECT o.*, row_number() OVER (PARTITION BY project_id ORDER BY position, id) AS n
                 FROM project_output o WHERE project_id = ANY($1)) x
           WHERE n <= $2 ORDER BY project_id, position, id`,
          [ids, MAX_OUTPUTS_PER_PROJECT],
        );
        return groupBy(ids, hydrate(this.ds, ProjectOutput, rows), (o) => o.projectId);
      })
      .load(projectId);
  }
}
