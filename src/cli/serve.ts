// `personalize-mock serve`: load fixtures, build, listen, print the banner, reload on change (--watch),
// close cleanly on signals.
import { DEMO_FIXTURE_FILE } from '../fixtures/demo.js'
import { loadFixtureFile } from '../fixtures/load.js'
import { formatProblem } from '../fixtures/problems.js'
import { buildServer } from '../server/app.js'
import { listen } from '../server/listen.js'
import type { ServeOptions } from './args.js'
import { startBanner } from './banner.js'
import { loggerOptions } from './logger.js'
import { watchFixtureFile } from './watch.js'

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
  /** Whether stdout is a terminal (pretty logs). */
  tty?: boolean
}

/** Starts the server; resolves to a function that closes it. Throws FixtureError for bad fixtures. */
export async function serve (opts: ServeOptions, io: Output): Promise<() => Promise<void>> {
  const file = opts.fixtures ?? DEMO_FIXTURE_FILE
  const fixtures = await loadFixtureFile(file)
  for (const warning of fixtures.warnings) io.err(`warning: ${formatProblem(warning)}`)
  const app = await buildServer({
    fixtures,
    logger: loggerOptions(opts.logLevel, io.tty === true),
    rateLimit: opts.rateLimit,
    journalCap: opts.journalCap,
    bodyLimit: opts.bodyLimit,
    maxHeaderSize: opts.maxHeaderSize,
    ...(opts.adminToken === undefined ? {} : { adminToken: opts.adminToken })
  })
  const baseUrl = await listen(app, { host: opts.host, port: opts.port })
  io.out(startBanner(baseUrl, fixtures, opts.fixtures ?? 'embedded demo workspace (fixtures/demo.json)'))
  const stopWatching = opts.watch
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
    })
    : () => {}
  return async () => {
    stopWatching()
    await app.drainAndClose()
  }
}
