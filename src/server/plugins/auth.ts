// Basic auth must carry the workspace's id and Personalize API key (else 401); for Test, the user name may
// also be `<id>_DEBUG` (the vendor does not say which). A key that is valid for another workspace is a 401 too.
// The workspace and environment are the workspace stage's (plugins/workspace.ts), registered before this one.
// Not encapsulated (fastify-plugin), and registered inside the API scope: its hooks guard exactly the
// Personalize routes, not the admin or other routes of the app.
import { createHash, timingSafeEqual } from 'node:crypto'
import basicAuth from '@fastify/basic-auth'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { CompiledEnvironment, CompiledWorkspace } from '../../fixtures/model.js'
import { VendorError } from '../errors.js'
import { routeStage } from './route-stage.js'

export const auth = fp(async function auth (fastify: FastifyInstance): Promise<void> {
  await fastify.register(basicAuth, {
    validate (user: string, key: string, request: FastifyRequest, _reply: unknown, done: (err?: Error) => void) {
      // User and key are checked together, in constant time, so timing tells nothing about which was wrong.
      // (Basic credentials cannot hold control characters, so "\0" cannot be forged into the pair.)
      const given = digest(`${user}\u0000${key}`)
      done(matchesAny(given, credentialsOf(request.workspace, request.environment).pairs) ? undefined : new VendorError('AUTHENTICATION_REQUIRED'))
    }
  })

  routeStage(fastify, 'onRequest', () => function basicAuthOfWorkspace (request, reply, done) {
    // Fast path: the header exactly as a client builds it ("Basic " + base64(id:key)), compared byte for byte in
    // constant time. Anything else (another scheme case, padding, spacing, a wrong key) goes through
    // @fastify/basic-auth, which parses it per RFC 7617.
    const header = request.headers.authorization
    if (typeof header === 'string' && matchesAny(Buffer.from(header, 'latin1'), credentialsOf(request.workspace, request.environment).headers)) {
      done()
      return
    }
    // A missing or unparsable Authorization header is the same 401 as a wrong key.
    fastify.basicAuth(request, reply, (err?: Error) => {
      done(err === undefined ? undefined : err instanceof VendorError ? err : new VendorError('AUTHENTICATION_REQUIRED'))
    })
  })
}, { name: 'personalize-auth', fastify: '5.x', dependencies: ['personalize-workspace'] })

/** Constant-time string equality: both sides are hashed first so their lengths leak nothing. */
export function sameSecret (given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

function digest (text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/**
 * Whether `given` is one of the expected byte strings. Every one is compared in constant time (no early exit), and one
 * of another length is stood in for by `given` itself, so the time taken depends on `given`'s length alone: it tells
 * nothing of which one matched, nor of their lengths. (Digests all have one length; headers need the stand-in.)
 */
function matchesAny (given: Buffer, expected: readonly Buffer[]): boolean {
  let ok = false
  for (const e of expected) {
    const sameLength = e.length === given.length
    ok = (timingSafeEqual(given, sameLength ? e : given) && sameLength) || ok
  }
  return ok
}

/**
 * The credentials an environment accepts, computed once per compiled environment (a reload makes new ones): the
 * workspace id as the user name, and for Test also the app key `<id>_DEBUG`. `pairs` are digests of user and key for
 * the parsed path, `headers` the bytes of the Authorization headers a client builds from them for the fast path.
 */
const expected = new WeakMap<CompiledEnvironment, { pairs: Buffer[], headers: Buffer[] }>()
function credentialsOf (ws: CompiledWorkspace, env: CompiledEnvironment): { pairs: Buffer[], headers: Buffer[] } {
  let d = expected.get(env)
  if (d === undefined) {
    const users = env.name === 'live' ? [ws.id] : [ws.id, env.appKey]
    const key = ws.apiKey
    d = {
      pairs: users.map((user) => digest(`${user}\u0000${key}`)),
      headers: users.map((user) => Buffer.from('Basic ' + Buffer.from(`${user}:${key}`, 'utf8').toString('base64'), 'latin1'))
    }
    expected.set(env, d)
  }
  return d
}
