// Who may use the admin API (and, later, the UI): callers on loopback, or, when the mock was started with
// an admin token, whoever sends it in X-Admin-Token (compared in constant time).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'
import { sameSecret } from './auth.js'

export const ADMIN_TOKEN_HEADER = 'x-admin-token'

export function isLoopback (address: string | undefined): boolean {
  if (address === undefined) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

export const adminAccess = fp(async function adminAccess (fastify: FastifyInstance, opts: { adminToken: string | undefined }) {
  fastify.addHook('onRequest', async (request) => {
    const token = opts.adminToken
    if (token === undefined) {
      if (!isLoopback(request.socket.remoteAddress)) throw new VendorError('ADMIN_FORBIDDEN')
      return
    }
    const given = request.headers[ADMIN_TOKEN_HEADER]
    if (typeof given !== 'string' || !sameSecret(given, token)) throw new VendorError('ADMIN_FORBIDDEN')
  })
}, { name: 'admin-access', fastify: '5.x' })
