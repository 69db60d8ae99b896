import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProjectsModule } from '../projects/projects.module';
import { GrantImportResolver } from './grant-import.resolver';
import { GrantImportRepository } from './grant-import.repository';
import { GrantImportService } from './grant-import.service';

/** The CSV import of grant decisions: the mutation here, the CLI in scripts/import.ts. */
@Module({
  imports: [ProjectsModule, AuditModule],
  providers: [GrantImportRepository, GrantImportService, GrantImportResolver],
})
export class ImportModule {}
