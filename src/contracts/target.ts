// A target is where the cases are sent. The suite knows only what the target declares: its base URL,
// credentials, profile, whether writes are allowed there, and how fast it may be called.
import type { BehaviourSwitches } from '../fixtures/behaviour.js'
import type { ContractProfile } from '../generated/types.js'

export interface ResolvedTarget {
  /** Shown in reports, e.g. "mock" or "live sdk-01". */
  readonly name: string
  readonly kind: 'mock' | 'live'
  readonly baseUrl: string
  readonly workspaceId: string
  readonly apiKey: string
  readonly profile: ContractProfile
  /** Cases that create data (events) run only when true. */
  readonly allowWrites: boolean
  /** Pacing; undefined: as fast as the target answers. */
  readonly requestsPerMinute: number | undefined
  /**
   * The behaviour the target follows, when it declares one (a mock): each switch a case observes must show it.
   * Undefined (the real API): whatever a case observes passes, and is reported.
   */
  readonly behaviour?: BehaviourSwitches
}
