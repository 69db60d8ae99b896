import { Injectable } from '@nestjs/common';
import { indexBy, type RequestContext } from '../common/loader-registry';
import { FactProvenance, Source } from './source.entity';
import { SourcesRepository } from './sources.repository';

@Injectable()
export class SourcesService {
  constructor(private readonly repository: SourcesRepository) {}

  byKey(ctx: RequestContext, key: string): Promise<Source | null> {
    return ctx.loaders
      .get<string, Source | null>('sourceByKey', async (keys) =>
        indexBy(keys, await this.repository.readByKeys(keys), (s) => s.key),
      )
      .load(key);
  }

  /** Turns a { fact: sourceKey } map into provenance entries, sorted by fact. */
  async provenance(ctx: RequestContext, map: Record<string, string>): Promise<FactProvenance[]> {
    const facts = Object.keys(map).sort();
    const sources = await Promise.all(facts.map((f) => this.byKey(ctx, map[f])));
    return facts.flatMap((fact, i) => (sources[i] ? [{ fact, source: sources[i] }] : []));
  }
}
