// `personalize-mock serve`: load fixtures, build, listen, print the banner, close cleanly on signals.
import { DEMO_FIXTURE_FILE } from '../fixtures/demo.js'
import { loadFixtureFile } from '../fixtures/load.js'
import { formatProblem } from '../fixtures/problems.js'
import { buildServer } from '../server/app.js'
import { listen } from '../server/listen.js'
import type { ServeOptions } from './args.js'
import { startBanner } from './banner.js'

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
}

/** Starts the server; resolves to a function that closes it. Throws FixtureError for bad fixtures. */
export async function serve (opts: ServeOptions, io: Output): Promise<() => Promise<void>> {
  const fixtures = await loadFixtureFile(opts.fixtures ?? DEMO_FIXTURE_FILE)
  for (const warning of fixtures.warnings) io.err(`warning: ${formatProblem(warning)}`)
  const app = await buildServer({ fixtures })
  const baseUrl = await listen(app, { host: opts.host, port: opts.port })
  io.out(startBanner(baseUrl, fixtures, opts.fixtures ?? 'embedded demo workspace (fixtures/demo.json)'))
  return async () => { await app.close() }
}
