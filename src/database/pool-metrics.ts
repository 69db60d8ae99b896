import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PoolNumbers, setPoolSource } from '../observability/metrics';

/**
 * Points the pool gauges of /metrics at the app's pg pool (TypeORM's PostgresDriver.master).
 * Here beside the DataSource's definition: outside repositories only database/ holds it.
 */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    setPoolSource(() =>
      this.ds.isInitialized
        ? (this.ds.driver as unknown as { master?: PoolNumbers }).master
        : undefined,
    );
  }
}
