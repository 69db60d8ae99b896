import { Controller, Get, Header, Logger, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { validationPipe } from '../../common/validation';
import { DownloadRateLimitGuard } from '../../limits/download-rate-limit.guard';
import { NetworkArgs } from '../../network/dto/network.args';
import { ProjectFilter } from '../../projects/dto/projects.args';
import { Column, csvChunks, csvHeader, csvRows } from './csv';
import {
  COMMITMENT_COLUMNS,
  NETWORK_NODE_COLUMNS,
  networkEdgeColumns,
  PARTICIPANT_COLUMNS,
  PROJECT_COLUMNS,
} from './export-columns';
import { ExportsService } from './exports.service';
import { toGexf, toGraphml } from './graph-xml';

// Query strings are text: numbers are converted before validation, and an
// unknown parameter (a misspelt filter) is BAD_USER_INPUT rather than ignored.
const queryValidation = validationPipe({ enableImplicitConversion: true }, '', true);

const CSV = 'text/csv; charset=utf-8';
const attachment = (name: string) => `attachment; filename="${name}"`;

/**
 * Downloads (docs/exports.md). The CSVs take the filter of the `projects`
 * query as query parameters (?programme=…&topic=…&status=…) and stream the
 * whole filtered list; the network files take the `network` query's arguments.
 * The /network/* paths are the network files' first addresses, kept working.
 */
@Controller()
// Downloads draw on the same rate-limit budget as GraphQL queries.
@UseGuards(DownloadRateLimitGuard)
export class ExportsController {
  private readonly log = new Logger(ExportsController.name);

  constructor(private readonly exports: ExportsService) {}

  @Get('export/projects.csv')
  async projects(@Query(queryValidation) filter: ProjectFilter, @Res() res: Response) {
    const pages = await this.exports.projectRows(filter);
    await this.stream(res, 'kuntaverkko-projects.csv', PROJECT_COLUMNS, pages);
  }

  @Get('export/participants.csv')
  async participants(@Query(queryValidation) filter: ProjectFilter, @Res() res: Response) {
    const pages = await this.exports.participantRows(filter);
    await this.stream(res, 'kuntaverkko-participants.csv', PARTICIPANT_COLUMNS, pages);
  }

  @Get('export/commitments.csv')
  async commitments(@Query(queryValidation) filter: ProjectFilter, @Res() res: Response) {
    const pages = await this.exports.commitmentRows(filter);
    await this.stream(res, 'kuntaverkko-commitments.csv', COMMITMENT_COLUMNS, pages);
  }

  @Get(['export/network.graphml', 'network/graphml'])
  @Header('content-type', 'application/graphml+xml; charset=utf-8')
  @Header('content-disposition', attachment('kuntaverkko-network.graphml'))
  async graphml(@Query(queryValidation) args: NetworkArgs): Promise<string> {
    const file = await this.exports.networkFile(args);
    return toGraphml(file.nodes, file.edges);
  }

  @Get(['export/network.gexf', 'network/gexf'])
  @Header('content-type', 'application/gexf+xml; charset=utf-8')
  @Header('content-disposition', attachment('kuntaverkko-network.gexf'))
  async gexf(@Query(queryValidation) args: NetworkArgs): Promise<string> {
    const file = await this.exports.networkFile(args);
    return toGexf(file.nodes, file.edges, new Date().toISOString().slice(0, 10));
  }

  @Get(['export/network-nodes.csv', 'network/nodes.csv'])
  @Header('content-type', CSV)
  @Header('content-disposition', attachment('kuntaverkko-network-nodes.csv'))
  async networkNodes(@Query(queryValidation) args: NetworkArgs): Promise<string> {
    const file = await this.exports.networkFile(args);
    return csvHeader(NETWORK_NODE_COLUMNS) + csvRows(NETWORK_NODE_COLUMNS, file.nodes);
  }

  @Get(['export/network-edges.csv', 'network/edges.csv'])
  @Header('content-type', CSV)
  @Header('content-disposition', attachment('kuntaverkko-network-edges.csv'))
  async networkEdges(@Query(queryValidation) args: NetworkArgs): Promise<string> {
    const file = await this.exports.networkFile(args);
    const columns = networkEdgeColumns(new Map(file.nodes.map((n) => [n.id, n])));
    return csvHeader(columns) + csvRows(columns, file.edges);
  }

  /**
   * Streams a CSV: pages are read as the client takes them (backpressure), and
   * reading stops when the client goes away. An error after the first bytes
   * cannot become an error status any more; the connection is cut instead, so
   * the client sees a failed download rather than a silently short file.
   */
  private async stream<R>(
    res: Response,
    filename: string,
    columns: Column<R>[],
    pages: AsyncIterable<R[]>,
  ): Promise<void> {
    res.setHeader('content-type', CSV);
    res.setHeader('content-disposition', attachment(filename));
    try {
      await pipeline(Readable.from(csvChunks(columns, pages)), res);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_STREAM_PREMATURE_CLOSE') return; // the client left
      this.log.error(`${filename} failed after it had started: ${String(e)}`);
      res.destroy();
    }
  }
}
