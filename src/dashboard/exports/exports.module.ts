import { Module } from '@nestjs/common';
import { CooperationModule } from '../../cooperation/cooperation.module';
import { LimitsModule } from '../../limits/limits.module';
import { MunicipalitiesModule } from '../../municipalities/municipalities.module';
import { NetworkModule } from '../../network/network.module';
import { OrganisationsModule } from '../../organisations/organisations.module';
import { ProgrammesModule } from '../../programmes/programmes.module';
import { ProjectsModule } from '../../projects/projects.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** CSV, GraphML and GEXF downloads of the list and network queries (docs/exports.md). */
@Module({
  imports: [
    ProjectsModule,
    ProgrammesModule,
    OrganisationsModule,
    MunicipalitiesModule,
    CooperationModule,
    NetworkModule,
    LimitsModule,
  ],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
