// A pipeline stage as hooks on the routes it applies to. When a route is added (after the stage, in its scope), the
// stage sees the route's config and gives the hook for it, or none: a route pays nothing for a stage that does not
// apply to it, and no hook reads its route's config per request (Fastify builds `request.routeOptions` afresh at
// every read). Route hooks of one kind run in the order the stages were registered, after the app's own hooks of
// that kind (graceful-close's onRequest).
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

export type StageHook = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void
type Lifecycle = 'onRequest' | 'preValidation' | 'preHandler'

export function routeStage (fastify: FastifyInstance, lifecycle: Lifecycle, hookFor: (config: FastifyContextConfig) => StageHook | undefined): void {
  fastify.addHook('onRoute', (route) => {
    const hook = hookFor(route.config ?? {})
    if (hook === undefined) return
    const own = route[lifecycle] as StageHook | StageHook[] | undefined
    ;(route as Record<Lifecycle, unknown>)[lifecycle] = own === undefined ? [hook] : [...(Array.isArray(own) ? own : [own]), hook]
  })
}
