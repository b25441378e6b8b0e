// The time decisions use (schedules; day and hour when a request omits them). Tests inject a clock at
// start; the admin API can fix it at an instant or move it forward, and release it again.
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

export class ControllableClock {
  readonly #base: Clock
  #fixed: number | undefined

  constructor (base: Clock = systemClock) {
    this.#base = base
  }

  /** The clock to hand to routes: always reads the current setting. */
  readonly read: Clock = () => this.#fixed === undefined ? this.#base() : new Date(this.#fixed)

  get mode (): 'system' | 'fixed' {
    return this.#fixed === undefined ? 'system' : 'fixed'
  }

  set (at: Date): void {
    this.#fixed = at.getTime()
  }

  release (): void {
    this.#fixed = undefined
  }
}
