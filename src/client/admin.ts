// A typed client of the mock's admin API (/__admin), for tests that shape the mock and read its journals.
import type {
  AdminClockRequest, AdminClockState, AdminEventsJournal, AdminExperiences, AdminFault, AdminFaultList, AdminFaultRequest,
  AdminFixturesAccepted, AdminHealth, AdminProblem, AdminRequestDetail, AdminRequestsJournal, AdminReset, AdminUser, AdminUsers, Environment,
  FixtureFile, FixtureWorkspace, RequestRoute
} from '../generated/types.js'
import { PersonalizeApiError } from './errors.js'

export interface AdminClientOptions {
  /** The mock's root URL, e.g. http://127.0.0.1:4010 (not /v1). */
  url: string
  /** Sent as X-Admin-Token when the mock was started with one. */
  token?: string
  fetch?: typeof fetch
}

export interface EventQuery {
  workspace?: string
  /** live (MOE-APPKEY <id>) or test (<id>_DEBUG); omitted: both. */
  environment?: Environment
  customer_id?: string
  action?: string
  experience_key?: string
  /** Only events with a larger seq. */
  since?: number
  /** Only the newest N (after the other filters). */
  last?: number
}

export interface RequestJournalQuery {
  route?: RequestRoute
  /** A status (404), a class ('4xx') or 0 (dropped connections). */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`
  /** The workspace id the MOE-APPKEY reached, in either environment. */
  workspace?: string
  /** A customer the request named (a fetch's customer_id or the user it resolved to, an events element's). */
  customer?: string
  /** Only requests with a larger seq: pass the last_seq of an earlier answer. */
  since?: number
  /** Only the newest N (after the other filters). */
  last?: number
}

/** An admin call that was refused; `problems` lists the fixture problems when fixtures were refused. */
export class AdminApiError extends PersonalizeApiError {
  readonly problems: AdminProblem[]
  constructor (status: number, body: string) {
    super(status, body)
    this.name = 'AdminApiError'
    let problems: AdminProblem[] = []
    try {
      const parsed = JSON.parse(body) as { problems?: AdminProblem[] }
      if (Array.isArray(parsed.problems)) problems = parsed.problems
    } catch {}
    this.problems = problems
  }
}

export interface AdminClient {
  health: () => Promise<AdminHealth>
  /** Journals, users changed by events, faults, clock and rate-limit counters cleared; fixtures back to those loaded at start. */
  reset: () => Promise<AdminReset>
  getFixtures: () => Promise<FixtureFile>
  /** Every experience as compiled: schedule instants, bucket ranges, and whether it can be served now. */
  experiences: () => Promise<AdminExperiences>
  /** Replaces the whole set; refused (AdminApiError with problems) unless valid, and then nothing changes. */
  putFixtures: (doc: FixtureFile) => Promise<AdminFixturesAccepted>
  /** Replaces or adds one workspace. */
  putWorkspace: (id: string, workspace: Omit<FixtureWorkspace, 'id'> & { id?: string }) => Promise<AdminFixturesAccepted>
  events: (query?: EventQuery) => Promise<AdminEventsJournal>
  /**
   * A user as the mock sees them now: the fixture entry with accepted events applied, or a user an event made.
   * `workspace` may be omitted when the fixtures hold one; `environment` defaults to live.
   */
  user: (customerId: string, query?: { workspace?: string, environment?: Environment }) => Promise<AdminUser>
  /** The users accepted events made or changed. */
  users: (query?: { workspace?: string, environment?: Environment, last?: number }) => Promise<AdminUsers>
  /** The request journal, filtered; `since` and the answer's `last_seq` make a cursor. */
  requests: (query?: RequestJournalQuery) => Promise<AdminRequestsJournal>
  /**
   * One request as it was answered: the answer, the fault, and for a fetch its decision explained with the fixtures,
   * clock and user of that moment (`against: 'current'`: today's). AdminApiError 404 once the journal dropped it.
   */
  request: (seq: number, options?: { against?: 'request' | 'current' }) => Promise<AdminRequestDetail>
  addFault: (rule: AdminFaultRequest) => Promise<AdminFault>
  faults: () => Promise<AdminFaultList>
  clearFaults: () => Promise<AdminFaultList>
  /** Removes one fault by id; answers the faults left (404 for an id not active). */
  removeFault: (id: number) => Promise<AdminFaultList>
  clock: () => Promise<AdminClockState>
  /** { now: ISO instant } fixes the clock; { advance_ms } moves it forward. */
  setClock: (request: AdminClockRequest) => Promise<AdminClockState>
  /** Back to real time. */
  releaseClock: () => Promise<AdminClockState>
}

export function createAdminClient (options: AdminClientOptions): AdminClient {
  const root = options.url.replace(/\/+$/, '') + '/__admin'
  const fetchImpl = options.fetch ?? globalThis.fetch
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (options.token !== undefined) headers['x-admin-token'] = options.token
    const res = await fetchImpl(root + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    const text = await res.text()
    if (!res.ok) throw new AdminApiError(res.status, text)
    return JSON.parse(text) as T
  }
  const query = (q: object = {}): string => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v))
    const s = params.toString()
    return s === '' ? '' : `?${s}`
  }
  return {
    health: () => call('GET', '/health'),
    reset: () => call('POST', '/reset'),
    getFixtures: () => call('GET', '/fixtures'),
    experiences: () => call('GET', '/experiences'),
    putFixtures: (doc) => call('PUT', '/fixtures', doc),
    putWorkspace: (id, workspace) => call('PUT', `/workspaces/${encodeURIComponent(id)}`, workspace),
    events: (q) => call('GET', `/events${query(q)}`),
    user: (customerId, q) => call('GET', `/users/${encodeURIComponent(customerId)}${query(q)}`),
    users: (q) => call('GET', `/users${query(q)}`),
    requests: (q) => call('GET', `/requests${query(q)}`),
    request: (seq, o) => call('GET', `/requests/${seq}${query(o)}`),
    addFault: (rule) => call('POST', '/faults', rule),
    faults: () => call('GET', '/faults'),
    clearFaults: () => call('DELETE', '/faults'),
    removeFault: (id) => call('DELETE', `/faults/${id}`),
    clock: () => call('GET', '/clock'),
    setClock: (request) => call('PUT', '/clock', request),
    releaseClock: () => call('DELETE', '/clock')
  }
}
