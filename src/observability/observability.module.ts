import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** /metrics; the pool gauges are fed by database/pool-metrics.ts, beside the DataSource. */
@Module({ controllers: [MetricsController] })
export class ObservabilityModule {}
