// Type tests of the public helpers: compiled by `npm run typecheck` (tsc), never run. Each line under an
// expect-error directive must not compile; if it ever does, tsc reports the unused directive.
import {
  startMockServer, createPersonalizeClient, createAdminClient, buildEvent, readPayload, SHOWN, runContracts,
  type AdminUser, type PayloadValue, type RunningMock, type PersonalizeClient, type AdminClient, type FetchResponse, type JournalEvent,
  type ContextCheck, type ContractReport, type ResolvedTarget
} from '../../src/index.js'

export async function typeTests (): Promise<void> {
  const mock: RunningMock = await startMockServer({ port: 0, rateLimit: false, clock: () => new Date() })
  const client: PersonalizeClient = mock.client('DEMO_WORKSPACE', { timeoutMs: 1000 })
  const admin: AdminClient = mock.admin
  const res: FetchResponse = await client.fetchExperiences({ identifiers: { customer_id: 'u' }, experience_key: ['k'], DAY_OF_THE_WEEK: 'Monday' })
  const ctx = res.experiences.k?.experience_context
  if (ctx !== undefined) await client.trackEvents({ elements: [buildEvent({ customerId: 'u', context: ctx, action: SHOWN })] })
  const events: JournalEvent[] = (await admin.events({ customer_id: 'u', since: 3 })).events
  const check: ContextCheck | undefined = events[0]?.context_check
  void check
  await admin.addFault({ route: 'fetch', status: 503, times: 2, probability: 0.5, seed: 7 })
  await admin.setClock({ advance_ms: 1000 })
  const user: AdminUser = await admin.user('u', { environment: 'test' })
  void user
  const value: PayloadValue | undefined = readPayload(res.experiences.k?.payload ?? {}).Title
  void value
  createAdminClient({ url: mock.url, token: 'secret-token' })
  const target: ResolvedTarget = { name: 'x', kind: 'mock', baseUrl: mock.baseUrl, workspaceId: 'W', apiKey: 'k', profile: {}, allowWrites: true, requestsPerMinute: undefined }
  const report: ContractReport = await runContracts(target)
  void report

  // @ts-expect-error DAY_OF_THE_WEEK is an enum, case-sensitive
  await client.fetchExperiences({ DAY_OF_THE_WEEK: 'monday' })
  // @ts-expect-error a fault's route is one of fetch, metadata, events, explain
  await admin.addFault({ route: 'checkout' })
  // @ts-expect-error an environment is live or test
  await admin.events({ environment: 'staging' })
  // @ts-expect-error the clock takes now or advance_ms
  await admin.setClock({ at: 'now' })
  // @ts-expect-error createPersonalizeClient needs the workspace id and key
  createPersonalizeClient({ dataCenter: '01' })
  // @ts-expect-error buildEvent's action is one of the two documented actions
  buildEvent({ customerId: 'u', context: ctx!, action: 'VIEWED' })
  await mock.close()
}
