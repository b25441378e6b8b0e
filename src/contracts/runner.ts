// Runs the contract cases against one target (a report of passes and failures), or the same cases
// against two targets (a report of where their normalised answers differ).
import { createPersonalizeClient } from '../client/client.js'
import type { CaseResult, ContractReport, ReportTarget } from '../generated/types.js'
import { Checker, type ContractCase, type Exchange } from './case.js'
import { CONTRACT_CASES } from './cases/index.js'
import { diffValues, normalizeAnswer } from './normalize.js'
import { pacedFetch } from './pacer.js'
import { redactor } from './redact.js'
import type { ResolvedTarget } from './target.js'

export interface RunOptions {
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
  ms: number
}

async function runCase (c: ContractCase, target: ResolvedTarget, fetchImpl: typeof fetch | undefined): Promise<CaseRun> {
  const client = createPersonalizeClient({
    baseUrl: target.baseUrl,
    workspaceId: target.workspaceId,
    apiKey: target.apiKey,
    retries: 2,
    fetch: pacedFetch(fetchImpl ?? globalThis.fetch, target.requestsPerMinute)
  })
  const exchanges: Exchange[] = []
  const check = new Checker()
  const started = performance.now()
  try {
    await c.run({
      profile: target.profile,
      workspaceId: target.workspaceId,
      check,
      send: async (label, request) => {
        const response = await client.request(request)
        exchanges.push({ label, request, response })
        return response
      }
    })
  } catch (err) {
    check.failures.push(`the case stopped: ${(err as Error).message}`)
  }
  return { exchanges, failures: check.failures, ms: Math.round(performance.now() - started) }
}

function describeTarget (t: ResolvedTarget): ReportTarget {
  return { name: t.name, kind: t.kind, base_url: t.baseUrl }
}

function summarize (cases: CaseResult[]): ContractReport['summary'] {
  const count = (o: CaseResult['outcome']) => cases.filter((c) => c.outcome === o).length
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), identical: count('identical'), different: count('different') }
}

export async function runContracts (target: ResolvedTarget, options: RunOptions = {}): Promise<ContractReport> {
  const started = Date.now()
  const redact = redactor(target.workspaceId, target.apiKey)
  const results: CaseResult[] = []
  for (const c of options.cases ?? CONTRACT_CASES) {
    const skip = skipReason(c, target)
    if (skip !== undefined) {
      results.push({ id: c.id, title: c.title, outcome: 'skipped', reason: skip, failures: [], differences: [], duration_ms: 0 })
      continue
    }
    const run = await runCase(c, target, options.fetch)
    results.push({ id: c.id, title: c.title, outcome: run.failures.length === 0 ? 'passed' : 'failed', failures: run.failures.map(redact), differences: [], duration_ms: run.ms })
  }
  return { mode: 'run', targets: [describeTarget(target)], started_at: new Date(started).toISOString(), duration_ms: Date.now() - started, summary: summarize(results), cases: results }
}

/**
 * Sends every case's requests to both targets and reports, per case, where the normalised answers
 * differ: status, error title and description, keys, types and values (payload variables included).
 */
export async function compareTargets (left: ResolvedTarget, right: ResolvedTarget, options: RunOptions = {}): Promise<ContractReport> {
  const started = Date.now()
  const redactLeft = redactor(left.workspaceId, left.apiKey)
  const redactRight = redactor(right.workspaceId, right.apiKey)
  const redact = (s: string) => redactRight(redactLeft(s))
  const results: CaseResult[] = []
  for (const c of options.cases ?? CONTRACT_CASES) {
    const skip = skipReason(c, left) ?? skipReason(c, right)
    if (skip !== undefined) {
      results.push({ id: c.id, title: c.title, outcome: 'skipped', reason: skip, failures: [], differences: [], duration_ms: 0 })
      continue
    }
    const a = await runCase(c, left, options.fetch)
    const b = await runCase(c, right, options.fetch)
    const differences = []
    for (let i = 0; i < Math.max(a.exchanges.length, b.exchanges.length); i++) {
      const x = a.exchanges[i]
      const y = b.exchanges[i]
      const exchange = x?.label ?? y?.label ?? `request ${i + 1}`
      if (x === undefined || y === undefined) {
        differences.push({ exchange, path: '(request)', left: x === undefined ? '(not sent)' : 'sent', right: y === undefined ? '(not sent)' : 'sent' })
        continue
      }
      for (const d of diffValues(normalizeAnswer(x.response), normalizeAnswer(y.response))) {
        differences.push({ exchange, path: d.path, left: redact(d.left), right: redact(d.right) })
      }
    }
    results.push({ id: c.id, title: c.title, outcome: differences.length === 0 ? 'identical' : 'different', failures: [], differences, duration_ms: a.ms + b.ms })
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
