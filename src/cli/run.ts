// The whole CLI as a function: argv, the environment and the outputs in, an exit code out. main.ts is the glue to
// the process (argv, env, stdout/stderr, signals, exit); tests call run() in-process.
import { parseCli, UsageError, type CliOptions } from './args.js'
import { serve, type Output } from './serve.js'
import { usage } from './usage.js'

export interface CliIo extends Output {
  /**
   * Calls `stop` with the signal's name on each SIGINT or SIGTERM; returns a function that stops listening.
   * serve and record run until the first signal.
   */
  onSignal: (stop: (signal: string) => void) => () => void
}

/** Runs `personalize-mock ARGV`; resolves to its exit code, never rejects. */
export async function run (argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  let options: CliOptions | undefined
  try {
    // The environment is read here and nowhere else: live contract credentials.
    options = parseCli(argv, env)
    return await execute(options, io)
  } catch (err) {
    return failed(err, options, io)
  }
}

async function execute (options: CliOptions, io: CliIo): Promise<number> {
  switch (options.command) {
    case 'help':
      io.out(usage(options.topic))
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
      return await untilSignal(await (await import('./record.js')).record(options, io), io)
    case 'serve':
      return await untilSignal(await serve(options, io), io)
  }
}

/** Runs until the first signal, then closes: 0, or 1 if closing failed; a second signal gives 1 at once. */
function untilSignal (close: () => Promise<void>, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    let closing = false
    const stopListening = io.onSignal((signal) => {
      if (closing) {
        io.err(`${signal} again: exiting without waiting`)
        done(1)
        return
      }
      closing = true
      // Said once closing has begun: from here on, new requests are refused.
      io.err(`${signal}: closing, letting the requests in flight finish`)
      close().then(() => { done(0) }, (err: unknown) => {
        io.err(`error while closing: ${String(err)}`)
        done(1)
      })
    })
    const done = (code: number): void => {
      stopListening()
      resolve(code)
    }
  })
}

/** One line for what went wrong (a usage error adds where to find the usage); the exit code. */
function failed (err: unknown, options: CliOptions | undefined, io: CliIo): number {
  if (err instanceof UsageError) {
    io.err(`personalize-mock: ${err.message}`)
    io.err('run with --help for usage')
    return 2
  }
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE' && (options?.command === 'serve' || options?.command === 'record')) {
    io.err(`personalize-mock: port ${options.port} is in use on ${options.host}; choose another with --port, or --port 0 for any free port`)
    return 1
  }
  io.err(`personalize-mock: ${(err as Error)?.message ?? String(err)}`)
  return 1
}
