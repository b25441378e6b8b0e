// Faults injected through the admin API: for matching requests, a delay, then an error, a dropped
// connection, or the normal answer. Probabilities are drawn from a seeded generator, so runs repeat.
import type { CompiledEnvironment } from '../fixtures/model.js'
import type { AdminFault, AdminFaultRequest, FaultHit } from '../generated/types.js'

export type FaultRoute = NonNullable<AdminFaultRequest['route']>

interface Entry {
  fault: AdminFault
  draws: SeededDraws
}

export class FaultSet {
  #entries: Entry[] = []
  #nextId = 1

  add (rule: AdminFaultRequest): AdminFault {
    const fault: AdminFault = { id: this.#nextId++, rule, applied: 0, ...(rule.times === undefined ? {} : { remaining: rule.times }) }
    this.#entries.push({ fault, draws: new SeededDraws(rule.seed ?? 1) })
    return fault
  }

  list (): AdminFault[] {
    return this.#entries.map((e) => structuredClone(e.fault))
  }

  clear (): void {
    this.#entries = []
  }

  /** Removes one fault; false when there is none with that id (never added, cleared, or its times ran out). */
  remove (id: number): boolean {
    const before = this.#entries.length
    this.#entries = this.#entries.filter((e) => e.fault.id !== id)
    return this.#entries.length < before
  }

  /**
   * The first fault that matches and fires for this request, counted as applied; undefined when none does.
   * A fault whose `times` run out is removed.
   */
  take (route: FaultRoute, env: CompiledEnvironment): AdminFault | undefined {
    const entry = this.#firing(route, env, (draws) => draws.next())
    if (entry === undefined) return undefined
    entry.fault.applied++
    if (entry.fault.remaining !== undefined && --entry.fault.remaining === 0) {
      this.#entries = this.#entries.filter((e) => e !== entry)
    }
    return structuredClone(entry.fault)
  }

  /**
   * The fault `take` would give the next such request, changing nothing: no application counted, no draw used
   * (an explanation asks what would happen without making it happen).
   */
  peek (route: FaultRoute, env: CompiledEnvironment): AdminFault | undefined {
    const entry = this.#firing(route, env, (draws) => draws.peek())
    return entry === undefined ? undefined : structuredClone(entry.fault)
  }

  #firing (route: FaultRoute, env: CompiledEnvironment, draw: (draws: SeededDraws) => number): Entry | undefined {
    if (this.#entries.length === 0) return undefined
    return this.#entries.find(({ fault: { rule }, draws }) =>
      (rule.route === undefined || rule.route === route) &&
      (rule.workspace === undefined || rule.workspace === env.workspaceId) &&
      (rule.environment === undefined || rule.environment === env.name) &&
      (rule.probability === undefined || draw(draws) < rule.probability))
  }
}

/** Whether a fault's rule answers instead of the engine (a status or a dropped connection), not only delays it. */
export function replacesAnswer (rule: AdminFaultRequest): boolean {
  return rule.status !== undefined || rule.reset_connection === true
}

/** A fault as it hits a request: its rule, and whether its answer replaces the engine's. */
export function faultHit (fault: AdminFault): FaultHit {
  const { rule } = fault
  const after = rule.delay_ms === undefined ? '' : `after ${rule.delay_ms} ms, `
  const replaces = replacesAnswer(rule)
  const detail = rule.reset_connection === true
    ? `${after}the connection is dropped`
    : rule.status !== undefined
      ? `${after}HTTP ${rule.status} ${rule.body === undefined ? "in the vendor's envelope" : "with the fault's body"}, instead of the engine's answer`
      : `the engine's answer, ${rule.delay_ms ?? 0} ms late`
  return { id: fault.id, rule: fault.rule, replaces_answer: replaces, detail }
}

/** Seeded uniform draws in [0, 1) (mulberry32); `peek` reads the next one without using it up. */
class SeededDraws {
  #state: number

  constructor (seed: number) {
    this.#state = seed >>> 0
  }

  next (): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    return mix(this.#state)
  }

  peek (): number {
    return mix((this.#state + 0x6d2b79f5) >>> 0)
  }
}

function mix (state: number): number {
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function mulberry32 (seed: number): () => number {
  const draws = new SeededDraws(seed)
  return () => draws.next()
}
