// A recording -> a starter fixture file. Pure: no I/O.
// What an answer shows is kept: experiences (key, name, status from the metadata snapshot; campaign id from
// the cid), the audiences and variations served with their ids, names and payloads, and each recorded user with
// what they got, as an `assignment`, so replaying those users through the fixtures gives what was recorded.
// An assignment cannot depend on the visit: a user served in one call and not in another (another utm_medium,
// another hour) keeps the variation served, and the pair is reported as a conflict to settle by hand.
// What no answer shows is left for a person to write: targeting rules (each audience gets a placeholder
// condition that matches nobody), weights (split evenly), control groups and schedules.
import type {
  Environment, ExperienceMetadata, FetchRequest, FixtureAssignment, FixtureAudience, FixtureCondition, FixtureExperience, FixtureFile,
  FixturePayload, FixtureUser, FixtureWorkspace, Recording, ServedExperience
} from '../generated/types.js'
import { appKeyOf, testWorkspaceIdOf } from '../fixtures/app-key.js'
import { toFixtureVariable, toWireVariable } from '../fixtures/payload-values.js'
import { REDACTED } from './normalize.js'
import { setOwn } from '../validation/json.js'
import { servedEntries } from './served.js'
import { parseCid, type CidParts } from '../vendor/cid.js'

/** The API key starter fixtures carry unless told another: the recording never holds the real one. */
export const STARTER_API_KEY = 'starter-api-key'

/** The vendor's built-in audience that matches everyone. */
const ALL_USERS = 'All Users'

export interface StarterOptions {
  /** The personalize_api_key of every workspace. Default: a placeholder to replace. */
  apiKey?: string
}

/** A user who got different answers for one experience in different calls. */
export interface StarterConflict {
  /** The app key the calls were made with: `<id>`, or `<id>_DEBUG` for the Test environment. */
  workspace: string
  customer_id: string
  experience_key: string
  /** The answers seen, in the order first seen: "audience 1E, variation 1" or "nothing". */
  seen: string[]
  /** The one the assignment keeps (the last variation served, else nothing). */
  kept: string
}

/**
 * A served variable the fixture cannot give back exactly as recorded. unreadable: its value does not read as its
 * data_type, so the fixture keeps it as a string (or json); reworded: it reads, but comes back in other words
 * ("19.90" read as 19.9 is sent as "19.9").
 */
export interface StarterValueNote {
  workspace: string
  experience_key: string
  variation_id: string
  variable: string
  reason: 'unreadable' | 'reworded'
  /** The data_type recorded. */
  data_type: string
  /** The recorded value, as JSON text. */
  recorded: string
  /** The value the mock serves from the fixture, as JSON text. */
  served: string
}

export interface StarterFixtures {
  fixtures: FixtureFile
  conflicts: StarterConflict[]
  values: StarterValueNote[]
}

interface SeenAudience { id: string, name: string, variations: Map<string, FixturePayload> }
interface SeenExperience {
  key: string
  name: string | undefined
  status: ExperienceMetadata['status'] | undefined
  campaignId: string | undefined
  audiences: Map<string, SeenAudience>
}
interface SeenUser {
  customerId: string
  identifiers: Record<string, string>
  /** Every answer seen per experience key, in order. */
  answers: Map<string, FixtureAssignment[]>
}

/** The users recorded in one environment of a workspace. */
class SeenPeople {
  readonly users = new Map<string, SeenUser>()
  /** identifier name + value -> customer id of the user holding it. */
  readonly identifiers = new Map<string, string>()
}

class SeenWorkspace {
  readonly experiences = new Map<string, SeenExperience>()
  /** MOE-APPKEY <id>: the fixture's users; <id>_DEBUG: its test_users (the same experiences). */
  readonly people: Readonly<Record<Environment, SeenPeople>> = { live: new SeenPeople(), test: new SeenPeople() }
  listed: string[] | undefined

  experience (key: string): SeenExperience {
    let e = this.experiences.get(key)
    if (e === undefined) {
      e = { key, name: undefined, status: undefined, campaignId: undefined, audiences: new Map() }
      this.experiences.set(key, e)
    }
    return e
  }
}

export function fixturesFromRecording (rec: Recording, o: StarterOptions = {}): StarterFixtures {
  const workspaces = new Map<string, SeenWorkspace>()
  /** The workspace an app key reaches, and which of its environments. */
  const workspace = (appKey: string): [SeenWorkspace, Environment] => {
    const testOf = testWorkspaceIdOf(appKey)
    const id = testOf ?? appKey
    let w = workspaces.get(id)
    if (w === undefined) {
      w = new SeenWorkspace()
      workspaces.set(id, w)
    }
    return [w, testOf === undefined ? 'live' : 'test']
  }

  for (const [appKey, snapshot] of Object.entries(rec.metadata ?? {})) {
    const [w] = workspace(appKey)
    const listed = snapshot.body.metadata.experiences.filter((m) => isKey(m.experience_key))
    w.listed = listed.map((m) => m.experience_key)
    for (const m of listed) {
      const e = w.experience(m.experience_key)
      e.name = m.experience_name
      e.status = m.status
    }
  }

  const values: StarterValueNote[] = []
  for (const { request, response } of rec.interactions) {
    if (request.path !== '/v1/experiences/fetch' || request.method !== 'POST' || request.workspace === null || response.status !== 200) continue
    const body = request.body
    if (body === null || typeof body !== 'object' || Array.isArray(body)) continue
    const [w, environment] = workspace(request.workspace)
    // Entries whose cid cannot be read (or whose ids no fixture could hold) tell nothing usable: left out.
    const served = new Map(servedEntries(response.body).flatMap(([key, s]) => {
      const ids = readCid(s.experience_context.cid)
      return ids === undefined ? [] : [[key, { s, ids }] as const]
    }))
    const unreadable = new Set(Object.keys((response.body as { experiences?: object } | undefined)?.experiences ?? {}).filter((k) => !served.has(k)))
    for (const [key, { s, ids }] of served) {
      if (isKey(key)) {
        observeServed(w.experience(key), s, ids, (r) => values.push({ workspace: request.workspace as string, experience_key: key, ...r }))
      }
    }
    const user = visitorOf(w.people[environment], body as FetchRequest)
    if (user === undefined) continue
    const asked = (body as FetchRequest).experience_key
    const keys = Array.isArray(asked) && asked.length > 0 ? asked.filter((k): k is string => typeof k === 'string') : (w.listed ?? [...served.keys()])
    for (const key of keys) {
      if (!w.experiences.has(key) || unreadable.has(key)) continue
      const ids = served.get(key)?.ids
      const answer: FixtureAssignment = ids === undefined ? { served: false } : { audience_id: ids.audienceId, variation_id: ids.variationId }
      user.answers.set(key, [...(user.answers.get(key) ?? []), answer])
    }
  }

  const conflicts: StarterConflict[] = []
  for (const [id, w] of workspaces) {
    for (const environment of ['live', 'test'] as const) {
      for (const u of w.people[environment].users.values()) {
        for (const [key, answers] of u.answers) {
          const seen = [...new Set(answers.map(describeAnswer))]
          if (seen.length > 1) {
            conflicts.push({ workspace: appKeyOf(id, environment), customer_id: u.customerId, experience_key: key, seen, kept: describeAnswer(kept(answers)) })
          }
        }
      }
    }
  }
  const dataCenter = /^https?:\/\/sdk-(\d+)\.moengage\.com/.exec(rec.upstream)?.[1]
  const knownDataCenter = dataCenter !== undefined && ['01', '02', '03', '04', '05', '06', '101'].includes(dataCenter)
  const fixtures: FixtureFile = {
    description: `Starter fixtures made from a recording of ${rec.upstream} (${rec.recorded_at}). Observed: experiences, ` +
      'the audiences and variations served with their ids and payloads, and what each recorded user got (users[].assignments). ' +
      'Not observable, still to write: each audience\'s conditions (a placeholder that matches nobody stands in), ' +
      'variation weights (split evenly), control groups and schedules.' +
      (conflicts.length === 0
        ? ''
        : ` ${conflicts.length} user and experience pair(s) got different answers in different calls ` +
        '(their visits differed); each assignment keeps the last variation served.'),
    workspaces: [...workspaces].map(([id, w]): FixtureWorkspace => ({
      id,
      personalize_api_key: o.apiKey ?? STARTER_API_KEY,
      ...(knownDataCenter ? { data_center: dataCenter as FixtureWorkspace['data_center'] } : {}),
      users: [...w.people.live.users.values()].map(userOf),
      ...(w.people.test.users.size === 0 ? {} : { test_users: [...w.people.test.users.values()].map(userOf) }),
      experiences: [...w.experiences.values()].map(experienceOf)
    }))
  }
  return { fixtures, conflicts, values }
}

/** What an assignment keeps from the answers a user got: the last variation served, else nothing. */
function kept (answers: readonly FixtureAssignment[]): FixtureAssignment {
  return [...answers].reverse().find((a) => a.served !== false) ?? { served: false }
}

function describeAnswer (a: FixtureAssignment): string {
  return a.served === false ? 'nothing' : `audience ${a.audience_id ?? ''}, variation ${a.variation_id ?? ''}`
}

/** The ids a cid carries, when a fixture can hold them (variation ids of up to 6 digits, audience ids of up to 24). */
function readCid (cid: string): CidParts | undefined {
  const parts = parseCid(cid)
  return parts !== undefined && parts.variationId.length <= 6 && parts.audienceId.length <= 24 ? parts : undefined
}

/** Experience keys a fixture can hold (the vendor's 5 to 50 characters). */
function isKey (key: string): boolean {
  return key.length >= 5 && key.length <= 50
}

type NoteValue = (r: Omit<StarterValueNote, 'workspace' | 'experience_key'>) => void

function observeServed (e: SeenExperience, s: ServedExperience, ids: CidParts, note: NoteValue): void {
  const ctx = s.experience_context
  e.name ??= ctx.experience
  e.status ??= 'Active'
  e.campaignId ??= ids.campaignId
  let audience = e.audiences.get(ids.audienceId)
  if (audience === undefined) {
    audience = { id: ids.audienceId, name: ctx.audience_name, variations: new Map() }
    e.audiences.set(ids.audienceId, audience)
  }
  if (!audience.variations.has(ids.variationId)) {
    audience.variations.set(ids.variationId, fixturePayload(s.payload, (r) => note({ variation_id: ids.variationId, ...r })))
  }
}

/**
 * A served payload in fixture form: values read by their data_type ("3" becomes 3, "true" true). A value that
 * cannot be read so is kept as it came, as a json variable when it is an object or array, else as a string.
 * Either way, a variable the mock would not send back exactly as recorded is noted.
 */
function fixturePayload (
  payload: ServedExperience['payload'], note: (r: Omit<StarterValueNote, 'workspace' | 'experience_key' | 'variation_id'>) => void
): FixturePayload {
  const out: FixturePayload = {}
  for (const [name, variable] of Object.entries(payload)) {
    const value: unknown = variable.value
    const read = toFixtureVariable(variable)
    const kept: FixturePayload[string] = read ?? (value !== null && typeof value === 'object'
      ? { value: value as Record<string, unknown>, data_type: 'json' }
      : { value: typeof value === 'string' ? value : JSON.stringify(value), data_type: 'string' })
    const served = JSON.stringify(toWireVariable(kept).value)
    if (read === undefined || served !== JSON.stringify(value)) {
      note({ variable: name, reason: read === undefined ? 'unreadable' : 'reworded', data_type: variable.data_type, recorded: JSON.stringify(value), served })
    }
    setOwn(out, name, kept)
  }
  return out
}

/** The recorded user a fetch names: by customer_id, else by a user identifier (a user is made for it). */
function visitorOf (w: SeenPeople, body: FetchRequest): SeenUser | undefined {
  const customerId = body.identifiers?.customer_id
  const given = Object.entries(body.identifiers?.user_identifiers ?? {}).filter(([, v]) => typeof v === 'string' && v !== '' && v !== REDACTED)
  let id: string | undefined = customerId !== undefined && customerId !== '' && customerId !== REDACTED ? customerId : undefined
  id ??= given.map(([name, value]) => w.identifiers.get(`${name}=${value}`)).find((c) => c !== undefined)
  if (id === undefined && given[0] !== undefined) id = `recorded:${given[0][0]}=${given[0][1]}`
  if (id === undefined) return undefined
  let user = w.users.get(id)
  if (user === undefined) {
    user = { customerId: id, identifiers: {}, answers: new Map() }
    w.users.set(id, user)
  }
  for (const [name, value] of given) {
    // An identifier already held by another user stays theirs: identity resolution must not be ambiguous.
    if (w.identifiers.has(`${name}=${value}`) || Object.hasOwn(user.identifiers, name)) continue
    w.identifiers.set(`${name}=${value}`, id)
    setOwn(user.identifiers, name, value)
  }
  return user
}

function userOf (u: SeenUser): FixtureUser {
  const assignments: Record<string, FixtureAssignment> = {}
  for (const [key, answers] of u.answers) setOwn(assignments, key, kept(answers))
  return {
    customer_id: u.customerId,
    ...(Object.keys(u.identifiers).length === 0 ? {} : { user_identifiers: u.identifiers }),
    ...(u.answers.size === 0 ? {} : { assignments })
  }
}

function experienceOf (e: SeenExperience): FixtureExperience {
  const seen = [...e.audiences.values()]
  // The vendor's All Users audience matches everyone, so it goes last: the observed ones before it stay reachable.
  const audiences = [...seen.filter((a) => a.name !== ALL_USERS), ...seen.filter((a) => a.name === ALL_USERS)].map(audienceOf)
  return {
    key: e.key,
    name: e.name ?? e.key,
    status: e.status ?? 'Active',
    ...(e.campaignId === undefined ? {} : { campaign_id: e.campaignId }),
    audiences: audiences.length > 0
      ? audiences
      : [{
          id: '0',
          name: 'Not observed: write this experience\'s audiences',
          conditions: placeholder('0'),
          variations: [{ id: '1', weight: 100, payload: {} }]
        }]
  }
}

function audienceOf (a: SeenAudience): FixtureAudience {
  const ids = [...a.variations.keys()].sort((x, y) => Number(x) - Number(y))
  const share = Math.floor(100 / ids.length)
  return {
    id: a.id,
    name: a.name,
    ...(a.name === ALL_USERS ? { all_users: true as const } : { conditions: placeholder(a.id) }),
    // Weights cannot be observed: an even split, the remainder to the first.
    variations: ids.map((id, i) => ({ id, weight: share + (i === 0 ? 100 - share * ids.length : 0), payload: a.variations.get(id) as FixturePayload }))
  }
}

/** A condition no one meets until the rule is written: membership of a segment named after the audience. */
function placeholder (audienceId: string): FixtureCondition {
  return { field: 'segment', operator: 'in', value: `write-the-rule-of-audience-${audienceId}` }
}
