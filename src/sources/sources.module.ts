import { Global, Module } from '@nestjs/common';
import { SourcesRepository } from './sources.repository';
import { SourcesService } from './sources.service';

/** The sources facts cite; global, because every domain's provenance fields read them. */
@Global()
@Module({ providers: [SourcesRepository, SourcesService], exports: [SourcesService] })
export class SourcesModule {}
