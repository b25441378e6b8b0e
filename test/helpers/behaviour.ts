// Behaviours the tests share.
import { BEHAVIOUR_CATALOGUE, DEFAULT_BEHAVIOUR, resolveBehaviour, type BehaviourSwitches } from '../../src/fixtures/behaviour.js'

/** Every switch of the catalogue set to a value other than its default. */
export const FLIPPED: BehaviourSwitches = resolveBehaviour(
  DEFAULT_BEHAVIOUR,
  Object.fromEntries(BEHAVIOUR_CATALOGUE.map((s) => [s.name, s.values.find((v) => v !== s.default)]))
)
