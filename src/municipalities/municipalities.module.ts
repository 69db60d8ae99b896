import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { MunicipalitiesResolver } from './municipalities.resolver';
import { MunicipalitiesRepository } from './municipalities.repository';
import { MunicipalitiesService } from './municipalities.service';

@Module({
  imports: [OrganisationsModule],
  providers: [MunicipalitiesRepository, MunicipalitiesService, MunicipalitiesResolver],
  exports: [MunicipalitiesService],
})
export class MunicipalitiesModule {}
