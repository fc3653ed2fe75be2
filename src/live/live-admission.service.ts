import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { tooManyRequests, unavailable } from '../common/api-error.js';
import { ConcurrencyLimit, RateWindows } from '../common/rate-windows.js';
import { AppConfig } from '../config/app-config.js';
import { FleetCounts } from '../cluster/fleet-counts.js';
import { RedisLink } from '../cluster/redis-link.js';
import { SharedRateWindows } from '../cluster/shared-rate-windows.js';

/** Handshakes one address may make in ten seconds: a whole panel reconnecting again and again through an outage fits. */
const HANDSHAKES_PER_ADDRESS = 300;
/** Snapshot requests a second from all the screens of one address, and of one event. */
const SCREEN_SNAPSHOTS_PER_ADDRESS = 10;
const SCREEN_SNAPSHOTS_PER_EVENT = 200;
/** Database work that screens may have in flight at once, out of a pool of 20 connections. */
const SCREEN_DATABASE_SHARE = 4;

export interface ScreenSlot {
  address: string;
  eventId: string;
}

/**
 * Who may come in and how much they may ask, so that public screens and viewers (whose code anyone
 * in the hall can read off the projector) can never slow judges or organizers down: handshakes are
 * throttled per address, screens are capped per address and per event, their snapshot requests are
 * rate limited, and their database work runs within a fixed share of the pool. With several
 * instances, handshakes and open screens are counted over all of them (through Redis); snapshot
 * requests, which a connection makes to its own instance, are counted per instance.
 */
@Injectable()
export class LiveAdmission implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handshakes: SharedRateWindows;
  private readonly snapshotsByAddress = new RateWindows(SCREEN_SNAPSHOTS_PER_ADDRESS, 1_000);
  private readonly snapshotsByEvent = new RateWindows(SCREEN_SNAPSHOTS_PER_EVENT, 1_000);
  private readonly screens: FleetCounts;
  private readonly screenDatabase = new ConcurrencyLimit(SCREEN_DATABASE_SHARE, 200);

  constructor(
    private readonly config: AppConfig,
    redis: RedisLink,
  ) {
    this.handshakes = new SharedRateWindows(redis, 'handshakes', HANDSHAKES_PER_ADDRESS, 10_000);
    this.screens = new FleetCounts(redis, 'screens');
  }

  onApplicationBootstrap(): void {
    this.screens.start();
  }

  onApplicationShutdown(): void {
    this.screens.stop();
  }

  /** Every handshake, before anything is looked up; screens and staff (judges, organizers) have budgets of their own. */
  async handshake(address: string, screen: boolean): Promise<void> {
    const wait = await this.handshakes.hit(`${screen ? 'screen' : 'staff'} ${address}`);
    if (wait > 0)
      throw tooManyRequests(
        'too_many_connections',
        `too many connection attempts from this address; try again in ${Math.ceil(wait / 1000)} s`,
      );
  }

  /** Takes a place for one more screen, or refuses it; give it back with `releaseScreen`. */
  admitScreen(slot: ScreenSlot): void {
    if (this.screens.count(`address ${slot.address}`) >= this.config.PODIUM_SCREENS_PER_ADDRESS) {
      throw tooManyRequests(
        'too_many_screens',
        `this address already has ${this.config.PODIUM_SCREENS_PER_ADDRESS} screens open; close one first`,
      );
    }
    if (this.screens.count(`event ${slot.eventId}`) >= this.config.PODIUM_SCREENS_PER_EVENT) {
      throw tooManyRequests('too_many_screens', `this event already has ${this.config.PODIUM_SCREENS_PER_EVENT} screens open`);
    }
    this.screens.add(`address ${slot.address}`, 1);
    this.screens.add(`event ${slot.eventId}`, 1);
  }

  releaseScreen(slot: ScreenSlot): void {
    this.screens.add(`address ${slot.address}`, -1);
    this.screens.add(`event ${slot.eventId}`, -1);
  }

  /** A screen asks for a snapshot. */
  screenSnapshot(slot: ScreenSlot): void {
    if (this.snapshotsByAddress.hit(slot.address) > 0 || this.snapshotsByEvent.hit(slot.eventId) > 0) {
      throw tooManyRequests('too_many_requests', 'too many snapshot requests from the screens of this address or event; slow down');
    }
  }

  /** Database work on behalf of a screen, within the screens' share of the pool. */
  screenDatabaseWork<T>(work: () => Promise<T>): Promise<T> {
    return this.screenDatabase.run(work, () =>
      unavailable('server_busy', 'the server is busy with other screens; try again in a few seconds'),
    );
  }
}
