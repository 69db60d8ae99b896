import { AuditModule } from './audit/audit.module';
import { SourcesModule } from './sources/sources.module';
import { CooperationModule } from './cooperation/cooperation.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ExportsModule } from './dashboard/exports/exports.module';
import { ImportModule } from './import/import.module';
import { LimitsModule } from './limits/limits.module';
import { MunicipalitiesModule } from './municipalities/municipalities.module';
import { NetworkModule } from './network/network.module';
import { NodeModule } from './node/node.module';
import { OutputsModule } from './outputs/outputs.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { ProjectsModule } from './projects/projects.module';
import { TokensApiModule } from './tokens/tokens.module';
import { TopicsModule } from './topics/topics.module';

/** Every domain module of the API; the app and the schema printer both start from this list. */
export const DOMAIN_MODULES = [
  SourcesModule,
  OrganisationsModule,
  MunicipalitiesModule,
  ProgrammesModule,
  TopicsModule,
  ProjectsModule,
  OutputsModule,
  CooperationModule,
  NodeModule,
  NetworkModule,
  AuditModule,
  TokensApiModule,
  ImportModule,
  DashboardModule,
  ExportsModule,
  LimitsModule,
];
