// What a contract case is, and the checker it reports through (every failure is collected, none throws).
import type { RawRequest, RawResponse } from '../client/transport.js'
import type { SchemaId } from '../generated/schemas.js'
import type { BehaviourSwitches, SwitchName } from '../fixtures/behaviour.js'
import type { ContractProfile, Observation } from '../generated/types.js'
import { checkSchema, type Diagnostic } from '../validation/registry.js'

export type ProfileNeed = Exclude<keyof ContractProfile, '$schema' | 'description'>

export interface Exchange {
  label: string
  request: RawRequest
  response: RawResponse
}

export interface CaseContext {
  readonly profile: ContractProfile
  /** The target's workspace id (its MOE-APPKEY), as the target declares it. */
  readonly workspaceId: string
  /** Sends one request (paced, retried on 5xx/429) and records the exchange under `label`. */
  send: (label: string, request: RawRequest) => Promise<RawResponse>
  readonly check: Checker
}

export interface ContractCase {
  /** Stable id, e.g. "fetch.unknown-key". */
  readonly id: string
  readonly title: string
  /** Profile entries the case cannot run without. */
  readonly needs: readonly ProfileNeed[]
  /** The case creates data in the workspace (events). */
  readonly writes: boolean
  /**
   * Sends the case's requests and checks the answers.
   * @internal how a case runs may change in any release: pass cases to runContracts, do not call this.
   */
  readonly run: (ctx: CaseContext) => Promise<void>
}

/** How an error's 8-letter code is checked: present where the vendor documents it, else only its format. */
export type CodeRule = 'required' | 'optional'

/** How much of an answer body an observation keeps as evidence. */
export const EXCERPT_CHARS = 160

/**
 * Collects failed expectations; a case passes when it collected none. Notes are reported, not failed.
 * Observations say which value of a behaviour switch the target showed; where the target declares its behaviour
 * (a mock), an observation that differs from it is a failure.
 */
export class Checker {
  readonly failures: string[] = []
  readonly notes: string[] = []
  readonly observations: Observation[] = []
  readonly #declared: BehaviourSwitches | undefined

  /** `declared`: the behaviour the target says it follows; undefined for a target whose behaviour is to be learnt. */
  constructor (declared?: BehaviourSwitches) {
    this.#declared = declared
  }

  /**
   * The answer `res` to the request `label` showed `value` of the switch `name`. `excerpt`: the part of the answer
   * that shows it (default: the start of the body).
   */
  observed<K extends SwitchName> (name: K, value: BehaviourSwitches[K], res: RawResponse, label: string, excerpt = res.text): void {
    this.observations.push({ switch: name, value, exchange: label, status: res.status, excerpt: excerpt.slice(0, EXCERPT_CHARS) })
    const declared = this.#declared?.[name]
    if (declared === undefined) this.note(`${label}: the target answers as behaviour ${name} "${value}"`)
    else this.ok(declared === value, `${label}: the target's behaviour has ${name} "${declared}", but it answered as "${value}" (HTTP ${res.status})`)
  }

  ok (condition: boolean, what: string): boolean {
    if (!condition) this.failures.push(what)
    return condition
  }

  note (what: string): void {
    this.notes.push(what)
  }

  equal (actual: unknown, expected: unknown, what: string): boolean {
    return this.ok(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }

  /** The status; on a wrong error status the body must still be the vendor envelope. */
  status (res: RawResponse, expected: number, label: string): boolean {
    const ok = this.ok(res.status === expected, `${label}: expected HTTP ${expected}, got ${res.status} ${res.text.slice(0, 300)}`)
    if (!ok && res.status >= 400) this.schema(res, 'error.schema.json', label)
    return ok
  }

  /**
   * The body is valid against the schema; every violation is reported. A field the schema does not list
   * is a note, not a failure: the vendor may add fields the documents do not show. Violations `allowed` says are
   * another behaviour's answer are left to the case, which observes them.
   */
  schema (res: RawResponse, id: SchemaId, label: string, allowed?: (v: Diagnostic) => boolean): boolean {
    if (res.json === undefined) return this.ok(false, `${label}: the body is not JSON: ${res.text.slice(0, 200)}`)
    let valid = true
    for (const v of checkSchema(id, res.json)) {
      const where = `${label}: ${id} ${v.pointer === '' ? '(root)' : v.pointer}`
      if (allowed?.(v) === true) continue
      if (v.keyword === 'additionalProperties') {
        this.notes.push(`${where} has a field the schema does not list: ${JSON.stringify(v.params.additionalProperty)}`)
      } else {
        this.failures.push(`${where} ${v.message}`)
        valid = false
      }
    }
    return valid
  }

  /**
   * A vendor error: the status, the envelope schema, the title and description (exact string, or a
   * pattern where only part is known) and the code. Codes are compared by format only: they change per call.
   */
  envelope (res: RawResponse, label: string, expected: { status: number, title: string, description: string | RegExp, code: CodeRule }): void {
    if (!this.status(res, expected.status, label) || !this.schema(res, 'error.schema.json', label)) return
    const body = res.json as { title: string, description: string, code?: string }
    this.equal(body.title, expected.title, `${label}: title`)
    if (typeof expected.description === 'string') {
      this.equal(body.description, expected.description, `${label}: description`)
    } else {
      const shown = JSON.stringify(body.description)
      this.ok(expected.description.test(body.description), `${label}: description ${shown} does not match ${String(expected.description)}`)
    }
    if (expected.code === 'required') this.ok(body.code !== undefined, `${label}: the vendor sends an 8-letter code with this error; none came`)
  }
}
