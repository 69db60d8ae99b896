import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsController } from './metrics.controller';
import { PoolNumbers, setPoolSource } from './metrics';

/** Points the pool gauges at the app's pg pool (TypeORM's PostgresDriver.master). */
@Injectable()
class PoolMetrics implements OnModuleInit {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    setPoolSource(() =>
      this.ds.isInitialized
        ? (this.ds.driver as unknown as { master?: PoolNumbers }).master
        : undefined,
    );
  }
}

@Module({ controllers: [MetricsController], providers: [PoolMetrics] })
export class ObservabilityModule {}
