#!/usr/bin/env node
// node scripts/parallel.mjs SCRIPT...: runs those npm scripts at the same time and fails when any of them fails.
// `npm test` runs build, typecheck and lint this way: each is one process busy on one core (tsc, eslint), so side
// by side they take about half as long as one after another. Each one's output is printed whole when it ends.
import { spawn } from 'node:child_process'

const names = process.argv.slice(2)
// Run by npm: the same npm, through this node; otherwise whatever npm is on the PATH.
const npm = process.env.npm_execpath
const command = npm === undefined ? ['npm'] : [process.execPath, npm]

const ok = await Promise.all(names.map((name) => new Promise((resolve) => {
  const child = spawn(command[0], [...command.slice(1), 'run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = []
  child.stdout.on('data', (chunk) => output.push(chunk))
  child.stderr.on('data', (chunk) => output.push(chunk))
  let ended = false
  const done = (failure) => {
    if (ended) return
    ended = true
    process.stdout.write(`> ${name}: ${failure === undefined ? 'ok' : `failed (${failure})`}\n`)
    process.stdout.write(Buffer.concat(output))
    resolve(failure === undefined)
  }
  child.on('error', (err) => done(err.message))
  child.on('close', (code, signal) => done(code === 0 ? undefined : signal ?? `exit ${code}`))
})))
process.exitCode = ok.every(Boolean) ? 0 : 1
