// The recording file writer: every version lands whole, bursts are coalesced, and a caller learns when its
// version is on disk.
import t from 'tap'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FileWriter } from '../src/cli/file-writer.js'

t.test('each caller resumes once its version (or a newer one) is on disk; a burst is coalesced into few writes', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'writer-'))
  const file = path.join(dir, 'doc.json')
  const writer = new FileWriter(file)
  const doc = { items: [] as number[] }
  const seen: number[] = []
  await Promise.all(Array.from({ length: 50 }, async (_, i) => {
    doc.items.push(i)
    await writer.schedule(() => JSON.stringify(doc))
    // Whatever is on disk now holds this caller's item: the file is never behind an answered call.
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as typeof doc
    if (onDisk.items.includes(i)) seen.push(i)
  }))
  t.equal(seen.length, 50, 'every caller found its change on disk')
  t.strictSame((JSON.parse(readFileSync(file, 'utf8')) as typeof doc).items.length, 50)
  t.strictSame(readdirSync(dir), ['doc.json'], 'no temporary file left behind')
  t.ok(writer.writes < 10, `50 changes, ${writer.writes} writes`)
  await writer.flush()
})

t.test('a write that fails is reported, and the next change tries again', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'writer-'))
  const errors: string[] = []
  const writer = new FileWriter(path.join(dir, 'missing-folder', 'doc.json'), (err) => errors.push(err.message))
  await writer.schedule(() => '{"a":1}')
  await writer.schedule(() => '{"a":2}')
  t.equal(errors.length, 2)
  t.match(errors[0], /ENOENT/)
})
