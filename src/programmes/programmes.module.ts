import { Module } from '@nestjs/common';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesResolver } from './programmes.resolver';
import { ProgrammesService } from './programmes.service';

@Module({
  providers: [ProgrammesRepository, ProgrammesService, ProgrammesResolver],
  exports: [ProgrammesService],
})
export class ProgrammesModule {}
