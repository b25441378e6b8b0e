// A fetch explained as the mock would decide it now, as POST /__mock/explain answers: today's clock and users, and
// the injected fault that would answer such a fetch instead of the engine (looked at, not used up).
import type { CompiledEnvironment, CompiledWorkspace } from '../fixtures/model.js'
import type { ExplainResponse, FetchRequest } from '../generated/types.js'
import { explainFetch } from '../targeting/explain.js'
import { faultHit } from './faults.js'
import type { MockState } from './state.js'

export function explainNow (state: MockState, ws: CompiledWorkspace, env: CompiledEnvironment, body: FetchRequest, bucketingVersion: string): ExplainResponse {
  const explanation = explainFetch(ws, body, state.clock.read(), bucketingVersion, state.users.scopeOf(env))
  const fault = state.faults.peek('fetch', env)
  if (fault !== undefined) explanation.fault = faultHit(fault)
  return explanation
}
