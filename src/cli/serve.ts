// `personalize-mock serve`: load fixtures, build, listen, print the banner, reload on change (--watch),
// close cleanly on signals.
import { DEMO_FIXTURE_FILE } from '../fixtures/demo.js'
import { loadBehaviourFile } from '../fixtures/behaviour.js'
import { loadFixtureDocument, loadFixtureFile, type LoadOptions } from '../fixtures/load.js'
import type { CompiledFixtures } from '../fixtures/model.js'
import { formatProblem } from '../fixtures/problems.js'
import type { Recording } from '../generated/types.js'
import { ReplayStore } from '../record/replay-store.js'
import { fixturesFromRecording } from '../record/starter-fixtures.js'
import { buildServer } from '../server/app.js'
import { listen } from '../server/listen.js'
import type { ServeOptions } from './args.js'
import { startBanner } from './banner.js'
import { loggerOptions } from './logger.js'
import { readRecordingFile } from './recording-file.js'
import { watchFixtureFile } from './watch.js'

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
  /** Whether stdout is a terminal (pretty logs). */
  tty?: boolean
  /** Where server logs go, one JSON line each (default: the process's stdout). */
  log?: { write: (line: string) => void }
}

/** Starts the server; resolves to a function that closes it. Throws FixtureError for bad fixtures. */
export async function serve (opts: ServeOptions, io: Output): Promise<() => Promise<void>> {
  const recording = opts.replay === undefined ? undefined : await readRecordingFile(opts.replay)
  const load: LoadOptions = opts.behaviour === undefined ? {} : { behaviour: await loadBehaviourFile(opts.behaviour) }
  const { fixtures, label } = await fixturesFor(opts, recording, load)
  for (const warning of fixtures.warnings) io.err(`warning: ${formatProblem(warning)}`)
  const app = await buildServer({
    fixtures,
    logger: loggerOptions(opts.logLevel, io),
    rateLimit: opts.rateLimit,
    journalCap: opts.journalCap,
    bodyLimit: opts.bodyLimit,
    maxHeaderSize: opts.maxHeaderSize,
    ...(opts.adminToken === undefined ? {} : { adminToken: opts.adminToken }),
    ...(recording === undefined || opts.replay === undefined
      ? {}
      : { replay: { store: new ReplayStore(recording, opts.replay), strict: opts.replayStrict } })
  })
  const baseUrl = await listen(app, { host: opts.host, port: opts.port })
  const otherCalls = opts.replayStrict ? 'any other call is refused (404)' : 'other calls are answered from the fixtures'
  const notes = recording === undefined
    ? []
    : [`replaying ${opts.replay ?? ''}: ${recording.interactions.length} recorded call(s); ${otherCalls}`]
  io.out(startBanner(baseUrl, fixtures, label, { notes, adminToken: opts.adminToken !== undefined }))
  const file = opts.fixtures
  // --watch comes with --fixtures (the CLI refuses it without): the embedded demo never changes.
  const stopWatching = opts.watch && file !== undefined
    ? watchFixtureFile(file, {
      loaded: (next) => {
        app.mock.fixtures.replace(next)
        io.err(`fixtures reloaded from ${file}: ${next.workspaces.size} workspace(s)`)
        for (const warning of next.warnings) io.err(`warning: ${formatProblem(warning)}`)
      },
      refused: (err) => {
        io.err(`fixtures in ${file} refused; still serving the last good set:`)
        for (const p of err.problems) io.err(`  ${formatProblem(p)}`)
      }
    }, load)
    : () => {}
  return async () => {
    stopWatching()
    await app.drainAndClose()
  }
}

/** --fixtures FILE; else, when replaying, starter fixtures made from the recording; else the embedded demo. */
async function fixturesFor (opts: ServeOptions, recording: Recording | undefined, load: LoadOptions): Promise<{ fixtures: CompiledFixtures, label: string }> {
  if (opts.fixtures !== undefined) return { fixtures: await loadFixtureFile(opts.fixtures, load), label: opts.fixtures }
  if (recording !== undefined) {
    const label = `starter fixtures made from ${opts.replay ?? 'the recording'}`
    return { fixtures: loadFixtureDocument(fixturesFromRecording(recording).fixtures, label, load), label }
  }
  return { fixtures: await loadFixtureFile(DEMO_FIXTURE_FILE, load), label: 'embedded demo workspace (fixtures/demo.json)' }
}
