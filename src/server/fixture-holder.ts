// The fixtures a server answers from. A request reads `current` once; a reload or an admin PUT swaps the
// whole set at once (validated beforehand), and a reset goes back to what was loaded at start.
import type { CompiledFixtures } from '../fixtures/model.js'

export class FixtureHolder {
  readonly initial: CompiledFixtures
  #current: CompiledFixtures
  readonly #keysSeen = new Set<string>()

  constructor (initial: CompiledFixtures) {
    this.initial = initial
    this.#current = initial
    this.#remember(initial)
  }

  /**
   * Every Personalize API key of every set served since start: journals mask them all, since a request
   * recorded before a reload may carry a key the current set no longer has.
   */
  get keysSeen (): ReadonlySet<string> {
    return this.#keysSeen
  }

  #remember (fixtures: CompiledFixtures): void {
    for (const w of fixtures.workspaces.values()) this.#keysSeen.add(w.apiKey)
  }

  get current (): CompiledFixtures {
    return this.#current
  }

  replace (next: CompiledFixtures): void {
    this.#remember(next)
    this.#current = next
  }

  reset (): void {
    this.#current = this.initial
  }
}
