import { Module } from '@nestjs/common';
import { ChangeFeed } from './change-feed';
import { ChangeFeedRepository } from './change-feed.repository';

@Module({ providers: [ChangeFeedRepository, ChangeFeed], exports: [ChangeFeed] })
export class LiveModule {}
