// Everything a mock instance holds at run time, in one place, so `reset` can put it all back.
// Each buildServer() has its own: parallel test files never share state.
import type { CompiledFixtures } from '../fixtures/model.js'
import type { ReplayStore } from '../record/replay-store.js'
import { ControllableClock, type Clock } from './clock.js'
import { FaultSet } from './faults.js'
import { FixtureHolder } from './fixture-holder.js'
import { EventJournal } from './journal/event-journal.js'
import { LiveUsers } from './live-users.js'
import { RequestJournal } from './journal/request-journal.js'
import { ServedLog } from './journal/served-log.js'
import { RateLimiter } from './rate-limit.js'

/** A recording to replay (plugins/replay.ts). */
export interface ReplayOptions {
  store: ReplayStore
  /** Refuse (404) a call the recording does not hold, instead of answering it from the fixtures. */
  strict: boolean
}

export interface StateOptions {
  fixtures: CompiledFixtures
  clock?: Clock
  /** Events kept per workspace. Default 10,000. */
  journalCap?: number
  /** Requests kept in the request journal. Default 1,000. */
  requestJournalCap?: number
  /** Fetch requests per minute per workspace; false: no limit. */
  rateLimit: number | false
  /** Answer the calls a recording holds with its answers. */
  replay?: ReplayOptions
}

export class MockState {
  readonly fixtures: FixtureHolder
  readonly clock: ControllableClock
  readonly events: EventJournal
  readonly served = new ServedLog()
  /** Users as accepted events made and changed them, per workspace and environment. */
  readonly users = new LiveUsers()
  readonly requests: RequestJournal
  readonly faults = new FaultSet()
  readonly rateLimiter: RateLimiter | undefined
  readonly replay: ReplayOptions | undefined
  /** Every route the instance answers (method and URL), as registered. */
  readonly routes: Array<{ method: string, url: string }> = []

  constructor (o: StateOptions) {
    this.fixtures = new FixtureHolder(o.fixtures)
    this.clock = new ControllableClock(o.clock)
    this.events = new EventJournal(o.journalCap)
    this.requests = new RequestJournal(o.requestJournalCap)
    this.rateLimiter = o.rateLimit === false ? undefined : new RateLimiter(o.rateLimit)
    this.replay = o.replay
  }

  /**
   * Journals, served log, users made or changed by events, faults, clock and rate-limit counters cleared; fixtures
   * back to those loaded at start;
   * a replayed recording back to its first answers.
   */
  reset (): void {
    this.fixtures.reset()
    this.clock.release()
    this.events.clear()
    this.served.clear()
    this.users.clear()
    this.requests.clear()
    this.faults.clear()
    this.rateLimiter?.reset()
    this.replay?.store.rewind()
  }
}
