// Small fixture documents for tests, built from the generated types.
import type { FixtureAudience, FixtureExperience, FixtureFile, FixtureVariation, FixtureWorkspace } from '../../src/generated/types.js'
import { FixtureError, type FixtureProblem } from '../../src/fixtures/problems.js'

export function variation (over: Partial<FixtureVariation> = {}): FixtureVariation {
  return { weight: 100, payload: { Title: { value: 'Hello', data_type: 'string' } }, ...over }
}

export function audience (over: Partial<FixtureAudience> = {}): FixtureAudience {
  return { id: '5A', name: 'All Users', all_users: true, variations: [variation()], ...over }
}

export function experience (key: string, over: Partial<FixtureExperience> = {}): FixtureExperience {
  return { key, name: `Experience ${key}`, status: 'Active', audiences: [audience()], ...over }
}

export function workspace (over: Partial<FixtureWorkspace> = {}): FixtureWorkspace {
  return { id: 'WS_ONE', personalize_api_key: 'key-one', experiences: [experience('first-experience')], ...over }
}

export function fixtureFile (...workspaces: FixtureWorkspace[]): FixtureFile {
  return { workspaces: workspaces.length > 0 ? workspaces as FixtureFile['workspaces'] : [workspace()] }
}

/** The problems a fixture load reports; fails the test when the load succeeds. */
export function problemsOf (load: () => unknown): readonly FixtureProblem[] {
  try {
    load()
  } catch (err) {
    if (err instanceof FixtureError) return err.problems
    throw err
  }
  throw new Error('the fixture was accepted')
}
