// What a run showed, as a behaviour file (schemas/behaviour.schema.json) the mock can load: for each switch some
// case observed, the value with its evidence. A switch no case observed is left out, never guessed; a switch two
// answers showed differently is left out too, and named.
import { BEHAVIOUR_CATALOGUE, type SwitchName } from '../fixtures/behaviour.js'
import type { Behaviour, BehaviourEvidence, ContractReport } from '../generated/types.js'

export interface ObservedBehaviour {
  behaviour: Behaviour
  /** Switches left out because the target answered both ways, with what it showed. */
  conflicts: string[]
}

/** `target`: the host (and port) the run was sent to, without credentials. */
export function behaviourFromReport (report: ContractReport, target: string): ObservedBehaviour {
  const seen = new Map<string, { value: string, evidence: BehaviourEvidence }>()
  const conflicting = new Map<string, Set<string>>()
  for (const c of report.cases) {
    for (const o of c.observations ?? []) {
      const first = seen.get(o.switch)
      if (first === undefined) {
        seen.set(o.switch, {
          value: o.value,
          evidence: { case: c.id, exchange: o.exchange, status: o.status, excerpt: o.excerpt, observed_at: report.started_at, target }
        })
      } else if (first.value !== o.value) {
        const values = conflicting.get(o.switch) ?? new Set([first.value])
        conflicting.set(o.switch, values.add(o.value))
      }
    }
  }
  const behaviour: Record<string, unknown> = { description: `What ${target} answered to personalize-mock contract on ${report.started_at}.` }
  const evidence: Partial<Record<SwitchName, BehaviourEvidence>> = {}
  // In the catalogue's order, so files written by two runs compare line by line.
  for (const { name } of BEHAVIOUR_CATALOGUE) {
    const found = seen.get(name)
    if (found === undefined || conflicting.has(name)) continue
    behaviour[name] = found.value
    evidence[name] = found.evidence
  }
  behaviour.evidence = evidence
  const conflicts = [...conflicting].map(([name, values]) => `${name}: the target answered as ${[...values].map((v) => JSON.stringify(v)).join(' and as ')}`)
  return { behaviour: behaviour as Behaviour, conflicts }
}
