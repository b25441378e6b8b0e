// Known paths called with another method get 405 in the envelope, with an Allow header, before any
// header or auth check (routing comes first, as for unknown paths).
import type { FastifyInstance, HTTPMethods } from 'fastify'
import { VendorError } from '../errors.js'

export function refuseOtherMethods (fastify: FastifyInstance, url: string, allowed: readonly HTTPMethods[]): void {
  // Fastify answers HEAD for every GET route itself.
  const served = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed
  const allow = served.join(', ')
  const refuse = async (): Promise<never> => { throw new VendorError('METHOD_NOT_ALLOWED', undefined, { allow }) }
  // Refused in onRequest, before any body parsing; the handler is never reached.
  const others = fastify.supportedMethods.filter((m) => !served.includes(m as HTTPMethods)) as HTTPMethods[]
  fastify.route({ method: others, url, onRequest: refuse, handler: refuse })
}
