import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../common/statements';
import { ProjectOutput } from './project-output.entity';
import { OUTPUTS_SQL } from './sql/outputs.statements';

/** The project_output table, read only (outputs come with the dataset). */
@Injectable()
export class OutputsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readOfProjects(
    projectIds: readonly number[],
    perProject: number,
  ): Promise<ProjectOutput[]> {
    const rows = await rowsOf(this.ds, OUTPUTS_SQL.ofProjects, [[...projectIds], perProject]);
    return rows.map((row) => Object.assign(new ProjectOutput(), row));
  }
}
