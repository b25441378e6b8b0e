// The fixtures a server answers from. A request reads `current` once; a reload or an admin PUT swaps the
// whole set at once (validated beforehand), and a reset goes back to what was loaded at start.
import type { CompiledFixtures } from '../fixtures/model.js'

export class FixtureHolder {
  readonly initial: CompiledFixtures
  #current: CompiledFixtures

  constructor (initial: CompiledFixtures) {
    this.initial = initial
    this.#current = initial
  }

  get current (): CompiledFixtures {
    return this.#current
  }

  replace (next: CompiledFixtures): void {
    this.#current = next
  }

  reset (): void {
    this.#current = this.initial
  }
}
