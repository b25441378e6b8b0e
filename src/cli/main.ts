#!/usr/bin/env node
// Entry point of the `personalize-mock` command: the process's argv, environment, outputs and signals, given to
// run() (run.ts), and its exit code.
import { run, type CliIo } from './run.js'

let signalled = false
const SIGNALS = ['SIGINT', 'SIGTERM'] as const

const io: CliIo = {
  out: (text) => { console.log(text) },
  err: (text) => { console.error(text) },
  tty: process.stdout.isTTY,
  onSignal: (stop) => {
    const handler = (signal: NodeJS.Signals): void => {
      signalled = true
      stop(signal)
    }
    for (const s of SIGNALS) process.on(s, handler)
    return () => { for (const s of SIGNALS) process.off(s, handler) }
  }
}

void run(process.argv.slice(2), process.env, io).then((code) => {
  // Closed on a signal (or a second one came): exit now, whatever is still open.
  if (signalled) process.exit(code)
  process.exitCode = code
})
