// The admin API under /__admin (same port as the API; JSON; loopback or admin token only).
import type { FastifyInstance } from 'fastify'
import { adminAccess } from '../../plugins/admin-access.js'
import type { MockState } from '../../state.js'
import { adminClockRoutes } from './clock.js'
import { adminExperienceRoutes } from './experiences.js'
import { adminFaultRoutes } from './faults.js'
import { adminFixtureRoutes } from './fixtures.js'
import { adminHealthRoutes } from './health.js'
import { adminJournalRoutes } from './journals.js'
import { adminRequestDetailRoute } from './request-detail.js'
import { adminUserRoutes } from './users.js'

export async function adminApi (fastify: FastifyInstance, opts: { state: MockState, adminToken: string | undefined }): Promise<void> {
  await fastify.register(adminAccess, { adminToken: opts.adminToken })
  const routeGroups = [
    adminHealthRoutes, adminFixtureRoutes, adminExperienceRoutes, adminJournalRoutes, adminRequestDetailRoute, adminUserRoutes, adminFaultRoutes,
    adminClockRoutes
  ]
  for (const routes of routeGroups) {
    await fastify.register(routes, { state: opts.state })
  }
}
