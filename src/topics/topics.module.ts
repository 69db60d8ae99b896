import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TopicWritesResolver } from './topic-writes.resolver';
import { TopicWritesService } from './topic-writes.service';
import { TopicsResolver } from './topics.resolver';
import { TopicsRepository } from './topics.repository';
import { TopicsService } from './topics.service';

@Module({
  imports: [AuditModule],
  providers: [
    TopicsRepository,
    TopicsService,
    TopicsResolver,
    TopicWritesService,
    TopicWritesResolver,
  ],
  exports: [TopicsService],
})
export class TopicsModule {}
