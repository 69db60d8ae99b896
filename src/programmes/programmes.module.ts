import { Module } from '@nestjs/common';
import { ProgrammesResolver } from './programmes.resolver';
import { ProgrammesService } from './programmes.service';

@Module({ providers: [ProgrammesService, ProgrammesResolver], exports: [ProgrammesService] })
export class ProgrammesModule {}
