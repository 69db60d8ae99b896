import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BadInputError, NotFoundError } from '../common/errors';
import { indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionShape, paginate } from '../common/pagination';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity';
import { MunicipalitiesArgs, isMunicipalityCode } from './dto/municipalities.args';
import { Region } from '../organisations/region.entity';

@Injectable()
export class MunicipalitiesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byCode(code: string): Promise<Organisation> {
    if (!isMunicipalityCode(code))
      throw new BadInputError('code', 'must be a three-digit municipality code');
    const found = await this.ds
      .getRepository(Organisation)
      .findOneBy({ code, kind: OrganisationKind.MUNICIPALITY });
    if (!found) throw new NotFoundError('Municipality', code);
    return found;
  }

  /** Ordered by code, which is unique and stable. */
  list(args: MunicipalitiesArgs): Promise<ConnectionShape<Organisation>> {
    const qb = this.ds
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('o.kind = :kind', { kind: OrganisationKind.MUNICIPALITY });
    const f = args.filter;
    if (f?.regionCode) qb.andWhere('o.region_code = :region', { region: f.regionCode });
    if (f?.languageStatus) qb.andWhere('o.language_status = :lang', { lang: f.languageStatus });
    if (f?.search) {
      // Same expression as organisation_name_search_idx, so the trigram index serves it.
      qb.andWhere(
        `fold_name(o.name_fi || ' ' || coalesce(o.name_sv, '') || ' ' || coalesce(o.name_en, '')) LIKE '%' || fold_name(:search) || '%'`,
        { search: f.search.replace(/[\\%_]/g, (c) => '\\' + c) },
      );
    }
    return paginate(qb, { expression: 'o.code', property: 'code', type: 'string' }, args);
  }

  regions(): Promise<Region[]> {
    return this.ds.getRepository(Region).find({ order: { code: 'ASC' } });
  }

  region(ctx: RequestContext, code: string): Promise<Region | null> {
    return ctx.loaders
      .get<string, Region | null>('regionByCode', async (codes) =>
        indexBy(
          codes,
          await this.ds.getRepository(Region).findBy({ code: In([...codes]) }),
          (r) => r.code,
        ),
      )
      .load(code);
  }
}
