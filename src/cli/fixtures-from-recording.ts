// `personalize-mock fixtures-from-recording RECORDING [--out FILE] [--api-key KEY]`: starter fixtures, checked by
// the same loader as any fixture file before they are written.
import { writeFile } from 'node:fs/promises'
import { loadFixtureDocument } from '../fixtures/load.js'
import { fixturesFromRecording } from '../record/starter-fixtures.js'
import type { FixturesFromRecordingOptions } from './args.js'
import { readRecordingFile } from './recording-file.js'
import type { Output } from './serve.js'

export async function fixturesFromRecordingCommand (opts: FixturesFromRecordingOptions, io: Output): Promise<number> {
  const recording = await readRecordingFile(opts.recording)
  const { fixtures: doc, conflicts, values } = fixturesFromRecording(recording, { apiKey: opts.apiKey })
  // Refused here, with pointers, rather than by the server that loads the file later.
  const loaded = loadFixtureDocument(doc, opts.out ?? 'starter fixtures')
  const text = JSON.stringify(doc, null, 2) + '\n'
  if (opts.out === undefined) {
    io.out(text.trimEnd())
  } else {
    await writeFile(opts.out, text)
    const users = doc.workspaces.reduce((n, w) => n + (w.users?.length ?? 0), 0)
    const experiences = [...loaded.workspaces.values()].reduce((n, w) => n + w.experiences.length, 0)
    io.err(
      `wrote ${opts.out}: ${loaded.workspaces.size} workspace(s), ${experiences} experience(s), ${users} recorded user(s); ` +
      'audience conditions are placeholders to replace'
    )
  }
  for (const c of conflicts) {
    io.err(
      `note: ${c.workspace} customer ${c.customer_id} got ${c.seen.join(' / ')} from ${c.experience_key} in different calls; ` +
      `the assignment keeps ${c.kept}`
    )
  }
  for (const v of values) {
    const what = `note: ${v.workspace} ${v.experience_key} variation ${v.variation_id} sent ${v.variable} = ${v.recorded} (data_type ${v.data_type})`
    io.err(v.reason === 'unreadable'
      ? `${what}, which does not read as a ${v.data_type}; the fixture keeps it as it came, and the mock sends ${v.served}`
      : `${what}; the fixture keeps it as a ${v.data_type}, which the mock sends as ${v.served}`)
  }
  return 0
}
