import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { indexBy, type RequestContext } from './loader-registry';
import { FactProvenance, Source } from './source.entity';

@Injectable()
export class SourcesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  byKey(ctx: RequestContext, key: string): Promise<Source | null> {
    return ctx.loaders
      .get<string, Source | null>('sourceByKey', async (keys) =>
        indexBy(
          keys,
          await this.ds.getRepository(Source).findBy({ key: In([...keys]) }),
          (s) => s.key,
        ),
      )
      .load(key);
  }

  async all(): Promise<Source[]> {
    return this.ds.getRepository(Source).find({ order: { key: 'ASC' } });
  }

  /** Turns a { fact: sourceKey } map into provenance entries, sorted by fact. */
  async provenance(ctx: RequestContext, map: Record<string, string>): Promise<FactProvenance[]> {
    const facts = Object.keys(map).sort();
    const sources = await Promise.all(facts.map((f) => this.byKey(ctx, map[f])));
    return facts.flatMap((fact, i) => (sources[i] ? [{ fact, source: sources[i] }] : []));
  }
}
