// Files in a fresh temporary folder, removed after the test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export function writeTemp (t: { teardown: (fn: () => unknown) => void }, name: string, content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = path.join(dir, name)
  writeFileSync(file, content)
  return file
}
