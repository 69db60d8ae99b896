import {
  Controller,
  Get,
  Header,
  Headers,
  Inject,
  NotFoundException,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { metricsText } from './cluster-metrics';
import { registry, SCRAPE_REFUSED, scrapeAllowed } from './metrics';

/** Prometheus text on PORT, unless METRICS_PORT moves it to a port of its own (metrics-server.ts). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Header('content-type', registry.contentType)
  metrics(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    if (this.config.METRICS_PORT !== undefined) throw new NotFoundException('Cannot GET /metrics');
    if (!scrapeAllowed(authorization, this.config.METRICS_TOKEN)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException(SCRAPE_REFUSED);
    }
    return metricsText(registry);
  }
}
