// Users as accepted events change them, per workspace and environment (keyed by the app key that reaches it).
// The vendor documents that an event's customer_id creates the user when unknown and that user_attributes create or
// update the profile; it says nothing of how values merge. The mock's rules (README, fidelity table):
//   - attributes merge one by one, the last accepted event winning; a value replaces the earlier one whatever
//     its type (objects and lists are replaced whole, never merged);
//   - null removes the attribute;
//   - segments, identifiers, the global control group and fixture assignments are never changed by events.
// A fixture reload keeps what events did: the changes are applied over the reloaded fixture user.
// Bounded like the journals: past the cap, the user first changed is forgotten (back to the fixtures), and counted.
import type { AdminUser, EventElement, FixtureUser, UserSource } from '../generated/types.js'
import type { CompiledEnvironment, UserDirectory } from '../fixtures/model.js'
import { fixtureScope, type Scope } from '../targeting/identity.js'
import { setOwn } from '../validation/json.js'
import { FifoMap } from './journal/fifo-map.js'

/** What events did to one user. */
interface Changes {
  readonly customerId: string
  /** Attribute name -> value set, or null for removed; in the order first changed. */
  readonly attributes: Map<string, unknown>
  count: number
  readonly firstAt: Date
  lastAt: Date
  /** The user as last worked out, and the fixture user it was worked out from (undefined: made by events). */
  effective: FixtureUser | undefined
  base: FixtureUser | undefined
}

/** One environment's changes; its directory is the fixture users with the changes applied. */
class EnvironmentUsers {
  readonly changes: FifoMap<string, Changes>
  /** Users worked out by this store: the source of each. */
  readonly #sources = new WeakMap<FixtureUser, UserSource>()
  #scope: Scope | undefined

  evicted = 0

  constructor (cap: number) {
    this.changes = new FifoMap(cap)
  }

  apply (element: EventElement, at: Date): void {
    let c = this.changes.get(element.customer_id)
    if (c === undefined) {
      c = { customerId: element.customer_id, attributes: new Map(), count: 0, firstAt: at, lastAt: at, effective: undefined, base: undefined }
      if (this.changes.set(element.customer_id, c) !== undefined) this.evicted++
    }
    for (const [name, value] of Object.entries(element.user_attributes ?? {})) c.attributes.set(name, value)
    c.count++
    c.lastAt = at
    c.effective = undefined
  }

  /** The user with events applied over `base` (the fixture user of that id, if any); worked out once per change. */
  userOf (c: Changes, base: FixtureUser | undefined): FixtureUser {
    if (c.effective !== undefined && c.base === base) return c.effective
    const attributes: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(base?.attributes ?? {})) setOwn(attributes, name, value)
    for (const [name, value] of c.attributes) {
      if (value === null) delete attributes[name]
      else setOwn(attributes, name, value)
    }
    const user: FixtureUser = base === undefined ? { customer_id: c.customerId, attributes } : { ...base, attributes }
    this.#sources.set(user, base === undefined ? 'events' : 'fixtures and events')
    c.effective = user
    c.base = base
    return user
  }

  /** The environment with its users as they are now (made once per compiled environment: a reload makes another). */
  scope (env: CompiledEnvironment): Scope {
    if (this.#scope?.environment === env) return this.#scope
    const fixtures = env.users
    const live = (base: FixtureUser | undefined, customerId: string): FixtureUser | undefined => {
      const c = this.changes.get(customerId)
      return c === undefined ? base : this.userOf(c, base)
    }
    const users: UserDirectory = {
      byCustomerId: (customerId) => live(fixtures.byCustomerId(customerId), customerId),
      byIdentifier: (name, value) => {
        const base = fixtures.byIdentifier(name, value)
        return base === undefined ? undefined : live(base, base.customer_id)
      },
      sourceOf: (user) => this.#sources.get(user) ?? 'fixtures'
    }
    this.#scope = { environment: env, users }
    return this.#scope
  }
}

export class LiveUsers {
  readonly #byAppKey = new Map<string, EnvironmentUsers>()

  /** `cap`: users made or changed by events kept per workspace and environment. */
  constructor (readonly cap = 100_000) {}

  /**
   * Applies the elements of an accepted events call, in order: each creates its customer when unknown and merges its
   * user_attributes. Pass only elements with an action stored anew: a retried batch changes nothing twice.
   */
  apply (env: CompiledEnvironment, elements: readonly EventElement[], at: Date): void {
    if (elements.length === 0) return
    let users = this.#byAppKey.get(env.appKey)
    if (users === undefined) {
      users = new EnvironmentUsers(this.cap)
      this.#byAppKey.set(env.appKey, users)
    }
    for (const element of elements) users.apply(element, at)
  }

  /** The scope a request to `env` is decided in: its users as events left them (the fixture users while no event came). */
  scopeOf (env: CompiledEnvironment): Scope {
    return this.#byAppKey.get(env.appKey)?.scope(env) ?? fixtureScope(env)
  }

  /** One user as the mock sees them now, for the admin API; undefined when neither fixtures nor events know them. */
  read (env: CompiledEnvironment, customerId: string): AdminUser | undefined {
    const store = this.#byAppKey.get(env.appKey)
    const base = env.users.byCustomerId(customerId)
    const changes = store?.changes.get(customerId)
    if (changes === undefined || store === undefined) return base === undefined ? undefined : view(env, base, 'fixtures', undefined)
    return view(env, store.userOf(changes, base), base === undefined ? 'events' : 'fixtures and events', changes)
  }

  /** Every user events made or changed in `env`, in the order first changed. */
  list (env: CompiledEnvironment): AdminUser[] {
    const store = this.#byAppKey.get(env.appKey)
    return [...store?.changes.keys() ?? []].map((id) => this.read(env, id) as AdminUser)
  }

  /** Users forgotten past the cap, by app key. */
  evicted (): Record<string, number> {
    return Object.fromEntries([...this.#byAppKey].filter(([, u]) => u.evicted > 0).map(([appKey, u]) => [appKey, u.evicted]))
  }

  clear (): void {
    this.#byAppKey.clear()
  }
}

function view (env: CompiledEnvironment, user: FixtureUser, source: UserSource, changes: Changes | undefined): AdminUser {
  return {
    workspace: env.workspaceId,
    environment: env.name,
    customer_id: user.customer_id,
    source,
    attributes: user.attributes ?? {},
    segments: user.segments ?? [],
    user_identifiers: user.user_identifiers ?? {},
    global_control_group: user.global_control_group === true,
    ...(changes === undefined
      ? {}
      : {
          events: {
            count: changes.count,
            first_at: changes.firstAt.toISOString(),
            last_at: changes.lastAt.toISOString(),
            changed: [...changes.attributes.keys()]
          }
        })
  }
}
