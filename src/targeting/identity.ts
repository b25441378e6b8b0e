// Who is asking: the fixture user named by the request, and the id their variation is bucketed on.
import type { FetchRequest, FixtureUser } from '../generated/types.js'
import type { CompiledEnvironment, UserDirectory } from '../fixtures/model.js'

/**
 * Whom a request can be: the environment its MOE-APPKEY reached, and that environment's users as the server sees
 * them now (the fixture users, as accepted events changed them, and the users events made).
 */
export interface Scope {
  readonly environment: CompiledEnvironment
  readonly users: UserDirectory
}

/** An environment with its fixture users only, as loaded: one object per compiled environment. */
export function fixtureScope (env: CompiledEnvironment): Scope {
  let scope = fixtureScopes.get(env)
  if (scope === undefined) {
    scope = { environment: env, users: env.users }
    fixtureScopes.set(env, scope)
  }
  return scope
}
const fixtureScopes = new WeakMap<CompiledEnvironment, Scope>()

export interface Visitor {
  /** The user the identifiers resolve to; undefined for an anonymous or unknown visitor. */
  user: FixtureUser | undefined
  /** How the user was found. */
  resolvedBy: 'customer_id' | 'user_identifiers' | 'none'
  /** The id hashed for bucketing ("" when the request carries no id at all). */
  bucketingId: string
}

/**
 * 1. identifiers.customer_id naming a user;
 * 2. else the first user_identifiers entry (in the request's order) naming a user;
 * 3. else anonymous.
 * Bucketing id: the resolved user's customer_id; else the customer_id sent (an id unknown to the fixture
 * is still stable); else the first user identifier value sent; else "" (every id-less visitor shares one
 * bucket, so the answer stays deterministic).
 */
export function resolveVisitor (users: UserDirectory, identifiers: FetchRequest['identifiers']): Visitor {
  // An empty customer_id names nobody and is no id to bucket on.
  const customerId = identifiers?.customer_id === '' ? undefined : identifiers?.customer_id
  if (customerId !== undefined) {
    const user = users.byCustomerId(customerId)
    if (user !== undefined) return { user, resolvedBy: 'customer_id', bucketingId: user.customer_id }
  }
  const given = identifierEntries(identifiers)
  for (const [name, value] of given) {
    const user = users.byIdentifier(name, value)
    if (user !== undefined) return { user, resolvedBy: 'user_identifiers', bucketingId: user.customer_id }
  }
  return { user: undefined, resolvedBy: 'none', bucketingId: customerId ?? given[0]?.[1] ?? '' }
}

/**
 * Every id a fetch carried: the customer_id sent, the resolved user's, and the identifier values; [""] when
 * it carried none. The app may report the impression under any of them.
 */
export function reportingIds (identifiers: FetchRequest['identifiers'], visitor: Visitor): string[] {
  const ids = new Set<string>()
  if (identifiers?.customer_id !== undefined && identifiers.customer_id !== '') ids.add(identifiers.customer_id)
  if (visitor.user !== undefined) ids.add(visitor.user.customer_id)
  for (const [, value] of identifierEntries(identifiers)) if (value !== '') ids.add(value)
  return ids.size === 0 ? [''] : [...ids]
}

/**
 * The identifiers of user_identifiers in the request's order. Given as a string (which the behaviour switch
 * user_identifiers_string may accept) it names no identifier, so no user.
 */
function identifierEntries (identifiers: FetchRequest['identifiers']): Array<[string, string]> {
  const given: unknown = identifiers?.user_identifiers
  return given !== null && typeof given === 'object' ? Object.entries(given as Record<string, string>) : []
}

/**
 * The scope an earlier decision saw, as far as it matters to that decision: its visitor's user as they were then,
 * found by the same ids, and nobody else (resolving the same identifiers again finds the same user, in the same way).
 * Users are replaced, never changed, when events update them, so the user kept is the version decided with.
 */
export function pinnedScope (scope: Scope, visitor: Visitor): Scope {
  const user = visitor.user
  const users: UserDirectory = {
    byCustomerId: (customerId) => user !== undefined && user.customer_id === customerId ? user : undefined,
    byIdentifier: (name, value) => {
      const ids = user?.user_identifiers
      return ids !== undefined && Object.hasOwn(ids, name) && ids[name] === value ? user : undefined
    },
    sourceOf: (u) => scope.users.sourceOf(u)
  }
  return { environment: scope.environment, users }
}
