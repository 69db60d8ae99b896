import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { expectGlobalId } from '../common/global-id';
import { hydrate } from '../common/hydrate';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionShape, paginate } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { Programme } from '../programmes/programme.entity';
import { Topic } from '../topics/topic.entity';
import { ProjectByListingArgs, ProjectsArgs } from './dto/projects.args';
import { projectSearchCondition } from './project-search.sql';
import { Participation, Project } from './project.entity';

@Injectable()
export class ProjectsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  byId(ctx: RequestContext, id: number): Promise<Project | null> {
    return ctx.loaders
      .get<number, Project | null>('projectById', async (ids) =>
        indexBy(
          ids,
          await this.ds.getRepository(Project).findBy({ id: In([...ids]) }),
          (p) => p.id,
        ),
      )
      .load(id);
  }

  async require(ctx: RequestContext, id: number): Promise<Project> {
    const found = await this.byId(ctx, id);
    if (!found) throw new NotFoundError('Project', id);
    return found;
  }

  async byListing(args: ProjectByListingArgs): Promise<Project> {
    const found = await this.ds
      .getRepository(Project)
      .createQueryBuilder('p')
      .innerJoin(Programme, 'pr', 'pr.id = p.programme_id')
      .where('pr.code = :code AND p.category = :category AND p.list_position = :position', {
        code: args.programme,
        category: args.category,
        position: args.position,
      })
      .getOne();
    if (!found)
      throw new NotFoundError('Project', `${args.programme}/${args.category}/${args.position}`);
    return found;
  }

  /** Ordered by id (the published list order for the dataset). Unknown filter keys are NOT_FOUND. */
  async list(args: ProjectsArgs): Promise<ConnectionShape<Project>> {
    const qb = this.ds.getRepository(Project).createQueryBuilder('p');
    const f = args.filter ?? {};
    if (f.programme) {
      const programme = await this.ds.getRepository(Programme).findOneBy({ code: f.programme });
      if (!programme) throw new NotFoundError('Programme', f.programme);
      qb.andWhere('p.programme_id = :programmeId', { programmeId: programme.id });
    }
    if (f.category) qb.andWhere('p.category = :category', { category: f.category });
    if (f.status) qb.andWhere('p.status = :status', { status: f.status });
    if (f.topic) {
      const topic = await this.ds.getRepository(Topic).findOneBy({ slug: f.topic });
      if (!topic) throw new NotFoundError('Topic', f.topic);
      qb.andWhere(
        'EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = :topicId)',
        {
          topicId: topic.id,
        },
      );
    }
    const organisationIds: number[] = [];
    if (f.municipality) {
      const m = await this.ds.getRepository(Organisation).findOneBy({ code: f.municipality });
      if (!m) throw new NotFoundError('Municipality', f.municipality);
      organisationIds.push(m.id);
    }
    if (f.organisation) {
      organisationIds.push(
        expectGlobalId(f.organisation, ['Municipality', 'JointAuthority'], 'filter.organisation'),
      );
    }
    organisationIds.forEach((id, i) =>
      qb.andWhere(
        `EXISTS (SELECT 1 FROM participation pa WHERE pa.project_id = p.id AND pa.organisation_id = :org${i})`,
        {
          [`org${i}`]: id,
        },
      ),
    );
    if (f.search) qb.andWhere(projectSearchCondition('p.id', ':q'), { q: f.search });
    return paginate(qb, { expression: 'p.id', property: 'id', type: 'number' }, args);
  }

  /** Participants of a project, lead first, batched per request. */
  participants(ctx: RequestContext, projectId: number): Promise<Participation[]> {
    return ctx.loaders
      .get<number, Participation[]>('participationsByProject', async (ids) => {
        const rows = await this.ds.query(
          `SELECT * FROM participation WHERE project_id = ANY($1)
           ORDER BY project_id, role = 'LEAD' DESC, organisation_id`,
          [ids],
        );
        return groupBy(ids, hydrate(this.ds, Participation, rows), (r) => r.projectId);
      })
      .load(projectId);
  }

  /** Projects an organisation takes part in, at most `limit` each, batched per request. */
  participations(
    ctx: RequestContext,
    organisationId: number,
    limit: number,
  ): Promise<Participation[]> {
    return ctx.loaders
      .get<number, Participation[]>(`participationsByOrganisation:${limit}`, async (ids) => {
        const rows = await this.ds.query(
          `SELECT project_id, organisation_id, role, source_key FROM (
             SELECT pa.*, row_number() OVER (PARTITION BY pa.organisation_id ORDER BY pa.project_id) AS n
             FROM participation pa WHERE pa.organisation_id = ANY($1)) ranked
           WHERE n <= $2 ORDER BY organisation_id, project_id`,
          [ids, limit],
        );
        return groupBy(ids, hydrate(this.ds, Participation, rows), (r) => r.organisationId);
      })
      .load(organisationId);
  }

  participationCount(ctx: RequestContext, organisationId: number): Promise<number> {
    return ctx.loaders
      .get<number, number>('participationCountByOrganisation', async (ids) => {
        const rows: { id: number; n: number }[] = await this.ds.query(
          `SELECT organisation_id AS id, count(*)::int AS n FROM participation WHERE organisation_id = ANY($1) GROUP BY 1`,
          [ids],
        );
        const byId = new Map(rows.map((r) => [r.id, r.n]));
        return ids.map((id) => byId.get(id) ?? 0);
      })
      .load(organisationId);
  }

  topics(ctx: RequestContext, projectId: number): Promise<Topic[]> {
    return ctx.loaders
      .get<number, Topic[]>('topicsByProject', async (ids) => {
        const rows: (Record<string, unknown> & { project_id: number })[] = await this.ds.query(
          `SELECT pt.project_id, t.* FROM project_topic pt JOIN topic t ON t.id = pt.topic_id
           WHERE pt.project_id = ANY($1) ORDER BY pt.project_id, t.id`,
          [ids],
        );
        const topics = hydrate(this.ds, Topic, rows);
        return groupBy(
          ids,
          rows.map((r, i) => ({ projectId: r.project_id, topic: topics[i] })),
          (r) => r.projectId,
        ).map((g) => g.map((r) => r.topic));
      })
      .load(projectId);
  }

  /** Number of projects per topic or per programme, batched per request. */
  countBy(ctx: RequestContext, by: 'topic' | 'programme', id: number): Promise<number> {
    const sql =
      by === 'topic'
        ? `SELECT topic_id AS id, count(*)::int AS n FROM project_topic WHERE topic_id = ANY($1) GROUP BY 1`
        : `SELECT programme_id AS id, count(*)::int AS n FROM project WHERE programme_id = ANY($1) GROUP BY 1`;
    return ctx.loaders
      .get<number, number>(`projectCountBy:${by}`, async (ids) => {
        const rows: { id: number; n: number }[] = await this.ds.query(sql, [ids]);
        const byId = new Map(rows.map((r) => [r.id, r.n]));
        return ids.map((id) => byId.get(id) ?? 0);
      })
      .load(id);
  }
}
