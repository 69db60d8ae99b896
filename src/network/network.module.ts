import { Module } from '@nestjs/common';
import { CooperationModule } from '../cooperation/cooperation.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProjectsModule } from '../projects/projects.module';
import {
  NetworkLinkResolver,
  NetworkPathResolver,
  NetworkResolver,
  PartnerReachResolver,
} from './network.resolver';
import { GRAPH_FIELD_RESOLVERS } from './network-fields.resolver';
import { NetworkService } from './network.service';
import { NetworkRepository } from './network.repository';
import { GraphIndexService } from './graph-index.service';
import { GraphRepository } from './graph.repository';
import { LiveModule } from '../live/live.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { TopicsModule } from '../topics/topics.module';

@Module({
  imports: [
    OrganisationsModule,
    ProjectsModule,
    CooperationModule,
    ProgrammesModule,
    TopicsModule,
    LiveModule,
  ],
  providers: [
    NetworkService,
    NetworkRepository,
    GraphRepository,
    GraphIndexService,
    NetworkResolver,
    PartnerReachResolver,
    NetworkPathResolver,
    NetworkLinkResolver,
    ...GRAPH_FIELD_RESOLVERS,
  ],
  exports: [NetworkService, GraphIndexService],
})
export class NetworkModule {}
