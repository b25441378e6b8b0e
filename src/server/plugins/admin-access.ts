// Who may use the admin API (and, later, the UI): callers on loopback, or, when the mock was started with
// an admin token, whoever sends it in X-Admin-Token (compared in constant time).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'
import { sameSecret } from './auth.js'

export const ADMIN_TOKEN_HEADER = 'x-admin-token'

export function isLoopback (address: string | undefined): boolean {
  if (address === undefined) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/** localhost, 127.x.x.x or ::1, as a URL hostname (IPv6 in brackets). */
function isLoopbackName (hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

function hostnameOf (hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname
  } catch {
    return undefined
  }
}

/**
 * Web pages must not drive the admin API from a developer's browser: a request sent by another site
 * (Origin or Sec-Fetch-Site says so), a body that is not JSON (no CORS preflight protects it) and, without a
 * token, a Host that is not loopback (DNS rebinding) are refused.
 */
function fromAnotherSite (request: FastifyRequest, tokenSet: boolean): boolean {
  const origin = request.headers.origin
  const originHost = typeof origin === 'string' ? origin.replace(/^[a-z]+:\/\//i, '') : ''
  // With a token, the debugging page opened from another machine calls its own origin: allowed (the token
  // is still required); without one, only loopback origins are.
  const sameOrigin = tokenSet && originHost !== '' && originHost === request.headers.host
  if (typeof origin === 'string' && origin !== 'null' && !sameOrigin && !isLoopbackName(hostnameOf(originHost) ?? '')) return true
  if (origin === 'null' || request.headers['sec-fetch-site'] === 'cross-site') return true
  const type = request.headers['content-type']
  if (request.method !== 'GET' && request.method !== 'HEAD' && type !== undefined && !/^application\/json\b/i.test(type)) return true
  return !tokenSet && !isLoopbackName(hostnameOf(request.headers.host ?? '') ?? '')
}

export interface AdminAccessOptions {
  adminToken: string | undefined
  /**
   * Also take the token from `?token=` on GET: a browser cannot send a header when it opens a page, so the
   * debugging page is opened as /__ui?token=… (and takes the token off its address bar at once).
   */
  tokenInQuery?: boolean
}

export const adminAccess = fp(async function adminAccess (fastify: FastifyInstance, opts: AdminAccessOptions) {
  fastify.addHook('onRequest', async (request) => {
    const token = opts.adminToken
    if (fromAnotherSite(request, token !== undefined)) throw new VendorError('ADMIN_FORBIDDEN')
    if (token === undefined) {
      if (!isLoopback(request.socket.remoteAddress)) throw new VendorError('ADMIN_FORBIDDEN')
      return
    }
    const given = request.headers[ADMIN_TOKEN_HEADER] ?? (opts.tokenInQuery === true && request.method === 'GET' ? tokenInQuery(request.url) : undefined)
    if (typeof given !== 'string' || !sameSecret(given, token)) throw new VendorError('ADMIN_FORBIDDEN')
  })
}, { name: 'admin-access', fastify: '5.x' })

function tokenInQuery (url: string): string | undefined {
  const query = url.indexOf('?')
  return query === -1 ? undefined : new URLSearchParams(url.slice(query + 1)).get('token') ?? undefined
}
