import { Global, Module } from '@nestjs/common';
import { SourcesService } from './sources.service';

@Global()
@Module({ providers: [SourcesService], exports: [SourcesService] })
export class CommonModule {}
