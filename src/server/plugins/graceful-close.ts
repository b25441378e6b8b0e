// Draining: requests in flight finish (answered with Connection: close, so keep-alive clients close their
// sockets themselves), requests that arrive meanwhile get 503 in the vendor's envelope, and only then is the
// server closed. Closing an idle keep-alive socket while a client writes to it is the race that cuts
// requests mid-flight; draining first narrows it to a client that starts a request on a socket idle for
// 200 ms at the very moment it is closed. A grace period bounds the whole wait.
import { setMaxListeners } from 'node:events'
import net from 'node:net'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Drains (see graceful-close.ts), then closes; connections still open after graceMs are cut. */
    drainAndClose: (graceMs?: number) => Promise<void>
    /** Aborted when draining or closing starts (injected delays end early then). */
    closing: AbortSignal
  }
}

export interface GracefulCloseOptions {
  /** Default grace period for drainAndClose() and close(). */
  graceMs: number
  /** The time the grace period and the quiet spell are measured on, in ms. Default: Date.now (tests inject one). */
  now?: () => number
}

function connections (server: net.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((_err, n) => resolve(n ?? 0)))
}

/** Nothing in flight and no request for this long: the remaining connections are idle, and are closed. */
const QUIET_MS = 200

export const gracefulClose = fp(async function gracefulClose (fastify: FastifyInstance, opts: GracefulCloseOptions) {
  const now = opts.now ?? Date.now
  const closing = new AbortController()
  // Every request held by an injected delay listens for it: any number may, without Node's leak warning at 11.
  setMaxListeners(0, closing.signal)
  fastify.decorate('closing', closing.signal)
  /** Requests in flight: answered with Connection: close once draining starts (the ones not answered yet). */
  const inFlight = new Set<FastifyReply>()
  const startDraining = (): void => {
    closing.abort()
    for (const reply of inFlight) if (!reply.raw.headersSent) reply.header('connection', 'close')
  }
  let lastRequestAt = 0
  /** When whatever is still open gets cut: set by drainAndClose, else the grace period from close(). */
  let cutAt: number | undefined
  let deadline: NodeJS.Timeout | undefined

  fastify.decorate('drainAndClose', async (graceMs = opts.graceMs) => {
    startDraining()
    const until = cutAt = now() + graceMs
    // Stop accepting connections, but leave the open ones be (http.Server#close would also cut the idle
    // ones, racing clients that are writing to them): each gets its answer, or a 503, with Connection: close.
    if (fastify.server.listening) net.Server.prototype.close.call(fastify.server)
    // Done when every connection is gone, or nothing is in flight and none has sent anything for a while
    // (a client that keeps an idle socket open cannot hold the exit until the deadline).
    for (;;) {
      const quiet = inFlight.size === 0 && now() - lastRequestAt >= QUIET_MS
      if (now() >= until || quiet || (inFlight.size === 0 && await connections(fastify.server) === 0)) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await fastify.close()
  })

  fastify.addHook('preClose', (done) => {
    startDraining()
    // Whatever is still open when the grace period ends is cut (the one drainAndClose started counts).
    deadline = setTimeout(() => { fastify.server.closeAllConnections() }, Math.max(0, (cutAt ?? now() + opts.graceMs) - now()))
    deadline.unref()
    done()
  })
  fastify.addHook('onClose', (_instance, done) => {
    clearTimeout(deadline)
    done()
  })
  fastify.addHook('onRequest', (_request, reply, done) => {
    lastRequestAt = now()
    if (!closing.signal.aborted) {
      // Counted until the response ends one way or another (answered, hijacked, connection dropped).
      inFlight.add(reply)
      reply.raw.once('close', () => { inFlight.delete(reply) })
      return done()
    }
    reply.header('connection', 'close')
    done(new VendorError('SHUTTING_DOWN'))
  })
}, { name: 'graceful-close', fastify: '5.x' })
