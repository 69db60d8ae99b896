import { Injectable } from '@nestjs/common';
import { BadInputError, NotFoundError } from '../common/errors';
import { indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionShape, keysetConnection } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../organisations/region.entity';
import { MunicipalitiesArgs, isMunicipalityCode } from './dto/municipalities.args';
import { MunicipalitiesRepository, type MunicipalityFilter } from './municipalities.repository';

@Injectable()
export class MunicipalitiesService {
  constructor(private readonly repository: MunicipalitiesRepository) {}

  async byCode(code: string): Promise<Organisation> {
    if (!isMunicipalityCode(code))
      throw new BadInputError('code', 'must be a three-digit municipality code');
    const found = await this.repository.readByCode(code);
    if (!found) throw new NotFoundError('Municipality', code);
    return found;
  }

  /** Ordered by code, which is unique and stable. */
  list(args: MunicipalitiesArgs): Promise<ConnectionShape<Organisation>> {
    const f = args.filter;
    const filter: MunicipalityFilter = {
      regionCode: f?.regionCode ?? null,
      languageStatus: f?.languageStatus ?? null,
      // The search is a literal: LIKE's wildcards in it match themselves.
      search: f?.search ? f.search.replace(/[\\%_]/g, (c) => '\\' + c) : null,
    };
    return keysetConnection(
      args,
      'string',
      (m: Organisation) => m.code!,
      (page) => this.repository.readPage(filter, page),
      () => this.repository.readCount(filter),
    );
  }

  regions(): Promise<Region[]> {
    return this.repository.readRegions();
  }

  region(ctx: RequestContext, code: string): Promise<Region | null> {
    return ctx.loaders
      .get<string, Region | null>('regionByCode', async (codes) =>
        indexBy(codes, await this.repository.readRegionsByCodes(codes), (r) => r.code),
      )
      .load(code);
  }
}
