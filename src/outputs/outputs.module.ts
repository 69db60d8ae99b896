import { Module } from '@nestjs/common';
import { OutputsService } from './outputs.service';
import { ProjectOutputResolver, ProjectOutputsResolver } from './outputs.resolver';

@Module({ providers: [OutputsService, ProjectOutputsResolver, ProjectOutputResolver] })
export class OutputsModule {}
