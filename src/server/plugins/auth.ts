// MOE-APPKEY names the workspace (else 400 Request Error); Basic auth must carry that workspace's id and
// Personalize API key (else 401). A key that is valid for another workspace is a 401 too.
// Not encapsulated (fastify-plugin), and registered inside the API scope: its hooks guard exactly the
// Personalize routes, not the admin or other routes of the app.
import { createHash, timingSafeEqual } from 'node:crypto'
import basicAuth from '@fastify/basic-auth'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { CompiledFixtures, CompiledWorkspace } from '../../fixtures/model.js'
import { VendorError } from '../errors.js'
import type { FixtureHolder } from '../fixture-holder.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace named by MOE-APPKEY, set once the request passed auth. */
    workspace: CompiledWorkspace
    /** The fixture set the request was authenticated against (a reload does not change it mid-request). */
    fixtures: CompiledFixtures
  }
}

export interface AuthOptions {
  fixtures: FixtureHolder
}

export const auth = fp(async function auth (fastify: FastifyInstance, opts: AuthOptions): Promise<void> {
  fastify.decorateRequest('workspace', null as unknown as CompiledWorkspace)
  fastify.decorateRequest('fixtures', null as unknown as CompiledFixtures)

  await fastify.register(basicAuth, {
    validate (user: string, key: string, request: FastifyRequest, _reply: unknown, done: (err?: Error) => void) {
      // User and key are checked together, in constant time, so timing tells nothing about which was wrong.
      // (Basic credentials cannot hold control characters, so "\0" cannot be forged into the pair.)
      const given = digest(`${user}\u0000${key}`)
      done(timingSafeEqual(given, expectedDigest(request.workspace)) ? undefined : new VendorError('AUTHENTICATION_REQUIRED'))
    }
  })

  fastify.addHook('onRequest', (request, reply, done) => {
    const appKey = request.headers['moe-appkey']
    const fixtures = opts.fixtures.current
    const ws = typeof appKey === 'string' ? fixtures.workspaces.get(appKey) : undefined
    if (ws === undefined) {
      done(new VendorError('CLIENT_NOT_FOUND'))
      return
    }
    request.workspace = ws
    request.fixtures = fixtures
    // Fast path: the header exactly as a client builds it ("Basic " + base64(id:key)), compared in constant
    // time through digests. Anything else (another scheme case, padding, spacing, a wrong key) goes through
    // @fastify/basic-auth, which parses it per RFC 7617.
    const header = request.headers.authorization
    if (typeof header === 'string' && timingSafeEqual(digest(header), expectedHeaderDigest(ws))) {
      done()
      return
    }
    // A missing or unparsable Authorization header is the same 401 as a wrong key.
    fastify.basicAuth(request, reply, (err?: Error) => {
      done(err === undefined ? undefined : err instanceof VendorError ? err : new VendorError('AUTHENTICATION_REQUIRED'))
    })
  })
}, { name: 'personalize-auth', fastify: '5.x' })

/** Constant-time string equality: both sides are hashed first so their lengths leak nothing. */
export function sameSecret (given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

function digest (text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Digests of a workspace's credentials, computed once per compiled workspace (a reload makes new ones). */
const expected = new WeakMap<CompiledWorkspace, { pair: Buffer, header: Buffer }>()
function digestsOf (ws: CompiledWorkspace): { pair: Buffer, header: Buffer } {
  let d = expected.get(ws)
  if (d === undefined) {
    d = {
      pair: digest(`${ws.id}\u0000${ws.apiKey}`),
      header: digest('Basic ' + Buffer.from(`${ws.id}:${ws.apiKey}`, 'utf8').toString('base64'))
    }
    expected.set(ws, d)
  }
  return d
}
const expectedDigest = (ws: CompiledWorkspace): Buffer => digestsOf(ws).pair
const expectedHeaderDigest = (ws: CompiledWorkspace): Buffer => digestsOf(ws).header
