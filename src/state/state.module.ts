import { Module } from '@nestjs/common';
import { ChangeFeed } from './change-feed.js';
import { EventChanges } from './event-changes.service.js';

/** The events' state and the one path that changes it; every domain module that changes an event imports it. */
@Module({
  providers: [EventChanges, ChangeFeed],
  exports: [EventChanges, ChangeFeed],
})
export class StateModule {}
