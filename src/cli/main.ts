#!/usr/bin/env node
// Entry point of the `personalize-mock` command.
import { FixtureError } from '../fixtures/problems.js'
import { parseCli, UsageError, USAGE } from './args.js'
import { serve } from './serve.js'

const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line), tty: process.stdout.isTTY }

async function main (argv: readonly string[]): Promise<number | undefined> {
  // The environment is read here and nowhere else: live contract credentials.
  const options = parseCli(argv, process.env)
  switch (options.command) {
    case 'help':
      io.out(USAGE)
      return 0
    // The other commands load their modules only when used, so `serve` starts with less to load.
    case 'contract':
      return await (await import('./contract.js')).contract(options, io)
    case 'check-fixtures':
      return await (await import('./check-fixtures.js')).checkFixtures(options.files, io)
    case 'openapi': {
      const { loadBehaviourFile, resolveBehaviour, DEFAULT_BEHAVIOUR } = await import('../fixtures/behaviour.js')
      const behaviour = options.behaviour === undefined ? DEFAULT_BEHAVIOUR : resolveBehaviour(DEFAULT_BEHAVIOUR, await loadBehaviourFile(options.behaviour))
      io.out(JSON.stringify((await import('../server/openapi.js')).buildOpenApi(behaviour), null, 2))
      return 0
    }
    case 'fixtures-from-recording':
      return await (await import('./fixtures-from-recording.js')).fixturesFromRecordingCommand(options, io)
    case 'record':
      untilSignal(await (await import('./record.js')).record(options, io))
      return undefined
    case 'serve':
      untilSignal(await serve(options, io))
      return undefined
  }
}

/** Runs until SIGINT or SIGTERM, then closes and exits 0 (1 if closing failed); a second signal exits at once (1). */
function untilSignal (close: () => Promise<void>): void {
  let closing = false
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) {
      io.err(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    closing = true
    // Said once closing has begun: from here on, new requests are refused.
    io.err(`${signal}: closing, letting the requests in flight finish`)
    close().then(() => process.exit(0), (err: unknown) => {
      io.err(`error while closing: ${String(err)}`)
      process.exit(1)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code
}, (err: unknown) => {
  if (err instanceof UsageError) {
    io.err(`personalize-mock: ${err.message}\n\n${USAGE}`)
    process.exitCode = 2
  } else if (err instanceof FixtureError) {
    io.err(`personalize-mock: ${err.message}`)
    process.exitCode = 1
  } else {
    io.err(`personalize-mock: ${(err as Error).message ?? String(err)}`)
    process.exitCode = 1
  }
})
