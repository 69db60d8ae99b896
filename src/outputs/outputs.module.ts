import { Module } from '@nestjs/common';
import { OutputsRepository } from './outputs.repository';
import { OutputsService } from './outputs.service';
import { ProjectOutputResolver, ProjectOutputsResolver } from './outputs.resolver';

@Module({
  providers: [OutputsRepository, OutputsService, ProjectOutputsResolver, ProjectOutputResolver],
})
export class OutputsModule {}
