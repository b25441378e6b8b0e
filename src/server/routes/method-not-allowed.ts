// Known paths called with another method get 405 in the envelope, with an Allow header, before any
// header or auth check (routing comes first, as for unknown paths).
import type { FastifyInstance, HTTPMethods } from 'fastify'
import { methodNotAllowed, servedMethods } from '../errors.js'

/** `switched`: methods a route of its own answers or refuses, as the behaviour says (see plugins/method-switch). */
export function refuseOtherMethods (fastify: FastifyInstance, url: string, allowed: readonly HTTPMethods[], switched: readonly HTTPMethods[] = []): void {
  const served = servedMethods(allowed)
  const refuse = async (): Promise<never> => { throw methodNotAllowed(allowed) }
  // Refused in onRequest, before any body parsing; the handler is never reached.
  const others = fastify.supportedMethods.filter((m) => !served.includes(m as HTTPMethods) && !switched.includes(m as HTTPMethods)) as HTTPMethods[]
  fastify.route({ method: others, url, onRequest: refuse, handler: refuse })
}
