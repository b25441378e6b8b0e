// Runs the contract cases against one target (a report of passes and failures), or the same cases
// against two targets (a report of where their normalised answers differ).
import { createPersonalizeClient, type PersonalizeClient } from '../client/client.js'
import type { CaseResult, ContractReport, Observation, ReportTarget } from '../generated/types.js'
import { Checker, type ContractCase, type Exchange } from './case.js'
import { CONTRACT_CASES } from './cases/index.js'
import { diffValues, normalizeAnswer } from './normalize.js'
import { pacedFetch, type Pacing } from './pacer.js'
import { redactor, type Redact } from '../client/redact.js'
import type { ResolvedTarget } from './target.js'
import { tryParseJson } from '../validation/json.js'

export interface RunOptions extends Pacing {
  /** Default: every case. */
  cases?: readonly ContractCase[]
  /** Default: globalThis.fetch (tests may wrap it). */
  fetch?: typeof fetch
}

/** Why a case cannot run on a target, or undefined when it can. */
export function skipReason (c: ContractCase, target: ResolvedTarget): string | undefined {
  const missing = c.needs.filter((need) => target.profile[need] === undefined)
  if (missing.length > 0) return `needs ${missing.join(', ')} in the profile of ${target.name}`
  if (c.writes && !target.allowWrites) return `writes to the workspace of ${target.name}: pass --allow-writes to run it`
  return undefined
}

interface CaseRun {
  exchanges: Exchange[]
  failures: string[]
  notes: string[]
  observations: Observation[]
  /** Why the case stopped early (an exception), if it did. */
  stopped: string | undefined
  ms: number
}

/** One client per target and run: its pacing holds across every case. */
function clientFor (target: ResolvedTarget, fetchImpl: typeof fetch | undefined, pacing: Pacing): PersonalizeClient {
  return createPersonalizeClient({
    baseUrl: target.baseUrl,
    workspaceId: target.workspaceId,
    apiKey: target.apiKey,
    retries: 2,
    fetch: pacedFetch(fetchImpl ?? globalThis.fetch, target.requestsPerMinute, pacing)
  })
}

/**
 * Runs a case. Every answer is redacted before the case sees it, so no failure, note or difference can
 * carry a credential a server echoed back, however it is cut later.
 */
async function runCase (c: ContractCase, target: ResolvedTarget, client: PersonalizeClient, redact: Redact): Promise<CaseRun> {
  const exchanges: Exchange[] = []
  const check = new Checker(target.behaviour)
  const started = performance.now()
  let stopped: string | undefined
  try {
    await c.run({
      profile: target.profile,
      workspaceId: target.workspaceId,
      check,
      send: async (label, request) => {
        const raw = await client.request(request)
        const text = redact(raw.text)
        const response = text === raw.text ? raw : { ...raw, text, json: tryParseJson(text) }
        exchanges.push({ label, request, response })
        return response
      }
    })
  } catch (err) {
    stopped = redact(`the case stopped: ${err instanceof Error ? err.message : String(err)}`)
    check.failures.push(stopped)
  }
  return {
    exchanges,
    failures: check.failures.map(redact),
    notes: check.notes.map(redact),
    observations: check.observations,
    stopped,
    ms: Math.round(performance.now() - started)
  }
}

function describeTarget (t: ResolvedTarget): ReportTarget {
  return { name: t.name, kind: t.kind, base_url: t.baseUrl }
}

function summarize (cases: CaseResult[]): ContractReport['summary'] {
  const count = (o: CaseResult['outcome']) => cases.filter((c) => c.outcome === o).length
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), identical: count('identical'), different: count('different') }
}

const skipped = (c: ContractCase, reason: string): CaseResult =>
  ({ id: c.id, title: c.title, outcome: 'skipped', reason, failures: [], notes: [], differences: [], duration_ms: 0 })

export async function runContracts (target: ResolvedTarget, options: RunOptions = {}): Promise<ContractReport> {
  const started = Date.now()
  const redact = redactor(target.workspaceId, target.apiKey)
  const client = clientFor(target, options.fetch, options)
  const results: CaseResult[] = []
  for (const c of options.cases ?? CONTRACT_CASES) {
    const skip = skipReason(c, target)
    if (skip !== undefined) {
      results.push(skipped(c, skip))
      continue
    }
    const run = await runCase(c, target, client, redact)
    results.push({
      id: c.id,
      title: c.title,
      outcome: run.failures.length === 0 ? 'passed' : 'failed',
      failures: run.failures,
      notes: run.notes,
      differences: [],
      observations: run.observations,
      duration_ms: run.ms
    })
  }
  return {
    mode: 'run',
    targets: [describeTarget(target)],
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    summary: summarize(results),
    cases: results
  }
}

/**
 * Sends every case's requests to both targets and reports, per case, where the normalised answers
 * differ: status, error title and description, keys, types and values (payload variables included).
 * A case that stops on either side (no answer, an exception) is a difference too.
 */
export async function compareTargets (left: ResolvedTarget, right: ResolvedTarget, options: RunOptions = {}): Promise<ContractReport> {
  const started = Date.now()
  const redactLeft = redactor(left.workspaceId, left.apiKey)
  const redactRight = redactor(right.workspaceId, right.apiKey)
  const redact = (s: string) => redactRight(redactLeft(s))
  const leftClient = clientFor(left, options.fetch, options)
  const rightClient = clientFor(right, options.fetch, options)
  const results: CaseResult[] = []
  for (const c of options.cases ?? CONTRACT_CASES) {
    const skip = skipReason(c, left) ?? skipReason(c, right)
    if (skip !== undefined) {
      results.push(skipped(c, skip))
      continue
    }
    const a = await runCase(c, left, leftClient, redact)
    const b = await runCase(c, right, rightClient, redact)
    const differences: CaseResult['differences'] = []
    if (a.stopped !== undefined || b.stopped !== undefined) {
      differences.push({ exchange: '(case)', path: '(stopped)', left: a.stopped ?? 'completed', right: b.stopped ?? 'completed' })
    }
    for (let i = 0; i < Math.max(a.exchanges.length, b.exchanges.length); i++) {
      const x = a.exchanges[i]
      const y = b.exchanges[i]
      const exchange = x?.label ?? y?.label ?? `request ${i + 1}`
      if (x === undefined || y === undefined) {
        differences.push({ exchange, path: '(request)', left: x === undefined ? '(not sent)' : 'sent', right: y === undefined ? '(not sent)' : 'sent' })
        continue
      }
      for (const d of diffValues(normalizeAnswer(x.response), normalizeAnswer(y.response))) {
        differences.push({ exchange, ...d })
      }
    }
    results.push({
      id: c.id,
      title: c.title,
      outcome: differences.length === 0 ? 'identical' : 'different',
      failures: [],
      notes: [],
      differences,
      duration_ms: a.ms + b.ms
    })
  }
  return {
    mode: 'compare',
    targets: [describeTarget(left), describeTarget(right)],
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    summary: summarize(results),
    cases: results
  }
}

/** 0 when nothing failed (run) or differed (compare). */
export function exitCodeOf (report: ContractReport): number {
  return report.summary.failed + report.summary.different === 0 ? 0 : 1
}
