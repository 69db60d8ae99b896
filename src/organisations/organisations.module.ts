import { Module } from '@nestjs/common';
import { JointAuthorityResolver, OrganisationResolver } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';

@Module({
  providers: [OrganisationsService, OrganisationResolver, JointAuthorityResolver],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
