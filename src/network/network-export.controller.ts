import { Controller, Get, Header, Query } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { LoaderRegistry } from '../common/loader-registry';
import { validationPipe } from '../common/validation';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { NetworkArgs } from './dto/network.args';
import { NetworkView } from './network.models';
import { NetworkService } from './network.service';

// Query strings are text: numbers are converted before validation.
const queryValidation = validationPipe({ enableImplicitConversion: true });

// UTF-8 byte order mark: Excel opens the CSV as UTF-8 only with it.
const BOM = '\uFEFF';

const xml = (s: string | number) =>
  String(s).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The network of the `network` query as files, for Gephi (GraphML) and
 * spreadsheets (CSV). Same filters and limits: ?programme=…&topic=…&region=…&maxNodes=…
 * Errors are `{"error":{code,…}}` with an HTTP status (src/common/http-error.filter.ts).
 */
@Controller('network')
export class NetworkExportController {
  constructor(
    private readonly network: NetworkService,
    private readonly organisations: OrganisationsService,
  ) {}

  private async load(
    query: NetworkArgs,
  ): Promise<{ view: NetworkView; orgs: Map<number, Organisation> }> {
    const view = await this.network.network(query);
    const ctx = { loaders: new LoaderRegistry() };
    const list = await Promise.all(
      view.nodes.map((n) => this.organisations.byId(ctx, n.organisationId)),
    );
    return {
      view,
      orgs: new Map(list.filter((o): o is Organisation => o !== null).map((o) => [o.id, o])),
    };
  }

  @Get('graphml')
  @Header('content-type', 'application/graphml+xml; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="network.graphml"')
  async graphml(@Query(queryValidation) query: NetworkArgs): Promise<string> {
    const { view, orgs } = await this.load(query);
    const nodes = view.nodes.map((n) => {
      const o = orgs.get(n.organisationId)!;
      return `    <node id="o${n.organisationId}"><data key="label">${xml(o.nameFi)}</data><data key="nameSv">${xml(o.nameSv ?? '')}</data><data key="kind">${o.kind}</data><data key="code">${xml(o.code ?? '')}</data><data key="region">${o.regionCode ?? ''}</data><data key="degree">${n.degree}</data><data key="component">${n.componentId}</data><data key="broker">${n.brokerScore}</data></node>`;
    });
    const edges = view.edges.map(
      (e, i) =>
        `    <edge id="e${i}" source="o${e.sourceId}" target="o${e.targetId}"><data key="weight">${e.weight}</data><data key="kinds">${e.kinds.join(' ')}</data></edge>`,
    );
    return `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="nameSv" for="node" attr.name="name_sv" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="code" for="node" attr.name="code" attr.type="string"/>
  <key id="region" for="node" attr.name="region" attr.type="string"/>
  <key id="degree" for="node" attr.name="degree" attr.type="int"/>
  <key id="component" for="node" attr.name="component" attr.type="int"/>
  <key id="broker" for="node" attr.name="broker_score" attr.type="double"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>
  <key id="kinds" for="edge" attr.name="kinds" attr.type="string"/>
  <graph id="kuntaverkko" edgedefault="undirected">
${[...nodes, ...edges].join('\n')}
  </graph>
</graphml>
`;
  }

  @Get('nodes.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="network-nodes.csv"')
  async nodesCsv(@Query(queryValidation) query: NetworkArgs): Promise<string> {
    const { view, orgs } = await this.load(query);
    return (
      BOM +
      stringify(
        view.nodes.map((n) => {
          const o = orgs.get(n.organisationId)!;
          return [
            n.organisationId,
            o.kind,
            o.code,
            o.nameFi,
            o.nameSv,
            o.regionCode,
            n.degree,
            n.componentId,
            n.brokerScore,
          ];
        }),
        {
          header: true,
          columns: [
            'id',
            'kind',
            'code',
            'name_fi',
            'name_sv',
            'region_code',
            'degree',
            'component',
            'broker_score',
          ],
        },
      )
    );
  }

  @Get('edges.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="network-edges.csv"')
  async edgesCsv(@Query(queryValidation) query: NetworkArgs): Promise<string> {
    const { view, orgs } = await this.load(query);
    return (
      BOM +
      stringify(
        view.edges.map((e) => [
          e.sourceId,
          orgs.get(e.sourceId)?.nameFi,
          e.targetId,
          orgs.get(e.targetId)?.nameFi,
          e.weight,
          e.kinds.join(' '),
        ]),
        {
          header: true,
          columns: ['source', 'source_name_fi', 'target', 'target_name_fi', 'weight', 'kinds'],
        },
      )
    );
  }
}
