// Faults injected through the admin API: for matching requests, a delay, then an error, a dropped
// connection, or the normal answer. Probabilities are drawn from a seeded generator, so runs repeat.
import type { CompiledEnvironment } from '../fixtures/model.js'
import type { AdminFault, AdminFaultRequest } from '../generated/types.js'

export type FaultRoute = NonNullable<AdminFaultRequest['route']>

interface Entry {
  fault: AdminFault
  draw: () => number
}

export class FaultSet {
  #entries: Entry[] = []
  #nextId = 1

  add (rule: AdminFaultRequest): AdminFault {
    const fault: AdminFault = { id: this.#nextId++, rule, applied: 0, ...(rule.times === undefined ? {} : { remaining: rule.times }) }
    this.#entries.push({ fault, draw: mulberry32(rule.seed ?? 1) })
    return fault
  }

  list (): AdminFault[] {
    return this.#entries.map((e) => structuredClone(e.fault))
  }

  clear (): void {
    this.#entries = []
  }

  /**
   * The first fault that matches and fires for this request, counted as applied; undefined when none does.
   * A fault whose `times` run out is removed.
   */
  take (route: FaultRoute, env: CompiledEnvironment): AdminFault | undefined {
    for (const entry of this.#entries) {
      const { rule } = entry.fault
      if (rule.route !== undefined && rule.route !== route) continue
      if (rule.workspace !== undefined && rule.workspace !== env.workspaceId) continue
      if (rule.environment !== undefined && rule.environment !== env.name) continue
      if (rule.probability !== undefined && entry.draw() >= rule.probability) continue
      entry.fault.applied++
      if (entry.fault.remaining !== undefined && --entry.fault.remaining === 0) {
        this.#entries = this.#entries.filter((e) => e !== entry)
      }
      return structuredClone(entry.fault)
    }
    return undefined
  }
}

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
