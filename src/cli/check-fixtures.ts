// `personalize-mock check-fixtures FILE...`: validate fixture files exactly as the server loads them.
import { loadFixtureFile } from '../fixtures/load.js'
import { FixtureError, formatProblem } from '../fixtures/problems.js'
import type { Output } from './serve.js'

/** Exit code: 0 when every file loads, 1 otherwise. */
export async function checkFixtures (files: readonly string[], io: Output): Promise<number> {
  let refused = 0
  for (const file of files) {
    try {
      const fixtures = await loadFixtureFile(file)
      const experiences = [...fixtures.workspaces.values()].reduce((n, w) => n + w.experiences.length, 0)
      io.out(`${file}: ok (${fixtures.workspaces.size} workspace(s), ${experiences} experience(s))`)
      for (const w of fixtures.warnings) io.out(`  warning: ${formatProblem(w)}`)
    } catch (err) {
      if (!(err instanceof FixtureError)) throw err
      refused++
      io.err(`${file}: refused`)
      for (const p of err.problems) io.err(`  ${formatProblem(p)}`)
    }
  }
  return refused === 0 ? 0 : 1
}
