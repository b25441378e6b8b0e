// The fixtures a server answers from. A request reads `current` once; a reload or an admin PUT swaps the
// whole set at once (validated beforehand), and a reset goes back to what was loaded at start.
import type { CompiledFixtures } from '../fixtures/model.js'

export class FixtureHolder {
  readonly initial: CompiledFixtures
  #current: CompiledFixtures
  readonly #keysSeen = new Set<string>()
  /** Each set served, numbered in the order first served: 1 is the initial set. */
  readonly #generations = new WeakMap<CompiledFixtures, number>()
  #lastGeneration = 0

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
    if (!this.#generations.has(fixtures)) this.#generations.set(fixtures, ++this.#lastGeneration)
  }

  get current (): CompiledFixtures {
    return this.#current
  }

  /**
   * Which set `fixtures` is: 1 for the set loaded at start, then the next number for each set that replaced it
   * (a reset brings 1 back). Only sets this holder served have one.
   */
  generationOf (fixtures: CompiledFixtures): number {
    return this.#generations.get(fixtures) ?? 0
  }

  replace (next: CompiledFixtures): void {
    this.#remember(next)
    this.#current = next
  }

  reset (): void {
    this.#current = this.initial
  }
}
