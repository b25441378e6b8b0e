// Public API of moengage-personalize-mock: everything a user imports from the package, listed by name. Anything
// not listed here is internal and may change in any release; docs/api.md says why each entry is public, and
// api/public-api.md (checked by test/api-report.test.ts) records the surface so that a change to it is deliberate.

// A mock per test file.
export { startMockServer, type StartOptions, type RunningMock } from './server/start.js'
export type { Clock } from './server/clock.js'

// The typed Personalize client.
export { createPersonalizeClient, type PersonalizeClient } from './client/client.js'
export type { ClientOptions, ClientConfig } from './client/config.js'
export type { RawRequest, RawResponse } from './client/transport.js'
export { PersonalizeApiError, PersonalizeNetworkError } from './client/errors.js'
export { buildEvent, SHOWN, CLICKED, type EventInput } from './client/events.js'
export { readPayload, readPayloadValue, type PayloadValue } from './client/payload.js'

// The admin API of a running mock.
export { createAdminClient, AdminApiError, type AdminClient, type AdminClientOptions, type EventQuery, type RequestJournalQuery } from './client/admin.js'

// Fixture files.
export { loadFixtureFile, loadFixtureText, loadFixtureDocument, type LoadOptions } from './fixtures/load.js'
export { FixtureError, type FixtureProblem } from './fixtures/problems.js'
export type { CompiledFixtures } from './fixtures/model.js'

// The contract suite.
export { runContracts, compareTargets, type RunOptions } from './contracts/runner.js'
export { CONTRACT_CASES } from './contracts/cases/index.js'
export type { ContractCase, ProfileNeed } from './contracts/case.js'
export type { ResolvedTarget } from './contracts/target.js'
export { REPORTERS, type ReporterName } from './contracts/reporters/index.js'
export { behaviourFromReport, type ObservedBehaviour } from './contracts/behaviour-file.js'

// The documents' types, generated from schemas/ (fixtures, requests and answers, admin API, reports, behaviour).
export type * from './generated/types.js'
