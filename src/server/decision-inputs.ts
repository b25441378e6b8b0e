// What a fetch is decided with, read now: the mock's clock, the environment's users as they are, and the visitor
// they resolve. For a fetch an injected fault answers instead of the engine: the journal keeps what the engine would
// have used, so the request can be explained later.
import type { CompiledEnvironment } from '../fixtures/model.js'
import type { FetchRequest } from '../generated/types.js'
import { resolveVisitor } from '../targeting/identity.js'
import type { DecisionInputs } from './journal/request-journal.js'
import type { MockState } from './state.js'

export function decisionInputsNow (state: MockState, env: CompiledEnvironment, body: FetchRequest): DecisionInputs {
  const scope = state.users.scopeOf(env)
  return { at: state.clock.read(), scope, visitor: resolveVisitor(scope.users, body.identifiers) }
}
