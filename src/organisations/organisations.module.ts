import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { JointAuthorityWritesResolver } from './joint-authority-writes.resolver';
import { JointAuthorityWritesService } from './joint-authority-writes.service';
import { JointAuthorityResolver, OrganisationResolver } from './organisations.resolver';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [AuditModule],
  providers: [
    OrganisationsRepository,
    OrganisationsService,
    OrganisationResolver,
    JointAuthorityResolver,
    JointAuthorityWritesService,
    JointAuthorityWritesResolver,
  ],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
