// `personalize-mock contract`: resolve the targets (starting a mock where one is needed), run or compare
// the cases, write the report, and give the exit code.
import { writeFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { exitCodeOf, compareTargets, runContracts } from '../contracts/runner.js'
import { REPORTERS } from '../contracts/reporters/index.js'
import type { ResolvedTarget } from '../contracts/target.js'
import { dataCenterUrl, DATA_CENTERS, type DataCenter } from '../client/config.js'
import type { Behaviour, ContractProfile, ContractReport } from '../generated/types.js'
import { behaviourFromReport } from '../contracts/behaviour-file.js'
import { BEHAVIOUR_CATALOGUE, loadBehaviourFile } from '../fixtures/behaviour.js'
import { DEMO_FIXTURE_FILE, DEMO_PROFILE_FILE } from '../fixtures/demo.js'
import { loadFixtureFile } from '../fixtures/load.js'
import { buildServer } from '../server/app.js'
import { listen } from '../server/listen.js'
import { UsageError, type ContractOptions } from './args.js'
import { readJsonFile } from './json-file.js'
import { optionOf } from './options.js'
import type { Output } from './serve.js'

export async function contract (opts: ContractOptions, io: Output): Promise<number> {
  const profile = await profileOf(opts)
  const behaviour = opts.behaviour === undefined ? undefined : await loadBehaviourFile(opts.behaviour)
  const mocks: FastifyInstance[] = []
  try {
    const mock = async (preferredWorkspace?: string): Promise<ResolvedTarget> => {
      const started = await startMockTarget(opts.fixtures, profile, preferredWorkspace, behaviour)
      mocks.push(started.app)
      return started.target
    }
    let report
    let target: ResolvedTarget
    if (opts.compare) {
      target = liveTarget(opts, profile)
      report = await compareTargets(target, await mock(target.workspaceId))
    } else {
      target = opts.target === 'live' ? liveTarget(opts, profile) : await mock()
      report = await runContracts(target)
    }
    const text = REPORTERS[opts.reporter](report)
    if (opts.output === undefined) io.out(text.trimEnd())
    else await writeFile(opts.output, text)
    if (opts.writeBehaviour !== undefined) await writeObservedBehaviour(opts.writeBehaviour, report, target, io)
    return exitCodeOf(report)
  } finally {
    await Promise.all(mocks.map((app) => app.close()))
  }
}

/** --write-behaviour: the switches the run observed, with evidence; what was left out is said on stderr. */
async function writeObservedBehaviour (file: string, report: ContractReport, target: ResolvedTarget, io: Output): Promise<void> {
  const { behaviour, conflicts } = behaviourFromReport(report, new URL(target.baseUrl).host)
  await writeFile(file, JSON.stringify(behaviour, null, 2) + '\n')
  const written = BEHAVIOUR_CATALOGUE.filter((s) => behaviour[s.name] !== undefined)
  const switches = written.map((s) => `${s.name} "${String(behaviour[s.name])}"`).join(', ')
  io.err(`wrote ${written.length} of ${BEHAVIOUR_CATALOGUE.length} behaviour switches to ${file}: ${switches}`)
  const unobserved = BEHAVIOUR_CATALOGUE.filter((s) => behaviour[s.name] === undefined && !conflicts.some((c) => c.startsWith(`${s.name}:`)))
  if (unobserved.length > 0) io.err(`not observed (left out; a skipped case says why): ${unobserved.map((s) => s.name).join(', ')}`)
  for (const c of conflicts) io.err(`left out, the target answered both ways: ${c}`)
}

/**
 * The profile given; without one, the demo's profile when the only target is the mock on the demo
 * fixtures, else an empty profile (the cases that need an entry are skipped, saying which).
 */
async function profileOf (opts: ContractOptions): Promise<ContractProfile> {
  if (opts.profile !== undefined) return await readJsonFile(opts.profile, 'contract-profile.schema.json', 'contract profile')
  const demoOnly = opts.target === 'mock' && opts.fixtures === undefined
  return demoOnly ? await readJsonFile(DEMO_PROFILE_FILE, 'contract-profile.schema.json', 'contract profile') : {}
}

/** Live credentials from flags or the environment; their values are never echoed. */
function liveTarget (opts: ContractOptions, profile: ContractProfile): ResolvedTarget {
  const { baseUrl, dataCenter, workspaceId, apiKey } = opts.live
  const missing = [
    baseUrl === undefined && dataCenter === undefined ? credential('base-url', 'data-center') : undefined,
    workspaceId === undefined ? credential('workspace-id') : undefined,
    apiKey === undefined ? credential('api-key') : undefined
  ].filter((m): m is string => m !== undefined)
  if (missing.length > 0) throw new UsageError(`the live target needs ${missing.join(', ')}`)
  if (baseUrl !== undefined && dataCenter !== undefined) throw new UsageError('give the base URL or the data center, not both')
  if (dataCenter !== undefined && !(DATA_CENTERS as readonly string[]).includes(dataCenter)) {
    throw new UsageError(`the data center must be one of ${DATA_CENTERS.join(', ')}`)
  }
  const url = (baseUrl ?? dataCenterUrl(dataCenter as DataCenter)).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/@]+(\/|$)/.test(url)) throw new UsageError('the base URL must be http(s)://host[:port]/path, without credentials in it')
  return {
    name: 'live',
    kind: 'live',
    baseUrl: url,
    workspaceId: workspaceId as string,
    apiKey: apiKey as string,
    profile,
    allowWrites: opts.allowWrites,
    requestsPerMinute: opts.rate
  }
}

/** `--base-url or --data-center (PERSONALIZE_BASE_URL / PERSONALIZE_DATA_CENTER)`: the options and their variables. */
function credential (...names: string[]): string {
  return `${names.map((n) => `--${n}`).join(' or ')} (${names.map((n) => optionOf('contract', n)?.env ?? '').join(' / ')})`
}

/**
 * A mock on a free loopback port, answering from the fixture file (default: the demo). It declares the
 * workspace named `preferredWorkspace` if the file has it, else the file's first.
 */
export async function startMockTarget (
  fixturesFile: string | undefined, profile: ContractProfile, preferredWorkspace?: string, behaviour?: Behaviour
): Promise<{ app: FastifyInstance, target: ResolvedTarget }> {
  const fixtures = await loadFixtureFile(fixturesFile ?? DEMO_FIXTURE_FILE, behaviour === undefined ? {} : { behaviour })
  const ws = (preferredWorkspace === undefined ? undefined : fixtures.workspaces.get(preferredWorkspace)) ?? [...fixtures.workspaces.values()][0]
  if (ws === undefined) throw new Error('the fixture file has no workspace')
  const app = await buildServer({ fixtures })
  try {
    const baseUrl = await listen(app, { host: '127.0.0.1', port: 0 })
    return {
      app,
      // The mock declares its behaviour: every switch a case observes must show it.
      target: {
        name: 'mock',
        kind: 'mock',
        baseUrl,
        workspaceId: ws.id,
        apiKey: ws.apiKey,
        profile,
        allowWrites: true,
        requestsPerMinute: undefined,
        behaviour: ws.behaviour
      }
    }
  } catch (err) {
    await app.close()
    throw err
  }
}
