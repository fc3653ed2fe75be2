import { Module } from '@nestjs/common';
import { EventChanges } from './event-changes.service.js';
import { LivePublisher } from './live-publisher.service.js';

/** How changes are committed and broadcast; every domain module that changes an event imports it. */
@Module({
  providers: [EventChanges, LivePublisher],
  exports: [EventChanges, LivePublisher],
})
export class LiveModule {}
