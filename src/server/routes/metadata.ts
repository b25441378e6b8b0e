// GET /v1/experiences/metadata?status=Active,Paused
import type { FastifyInstance } from 'fastify'
import type { ExperienceMetadata, MetadataResponse } from '../../generated/types.js'
import { recordedAnswer, REPLAYED_ROUTE, sendRecorded } from '../replay.js'
import type { MockState } from '../state.js'

export async function metadataRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  fastify.get<{ Querystring: Record<string, unknown>, Reply: MetadataResponse }>('/experiences/metadata', { ...REPLAYED_ROUTE, config: { ...REPLAYED_ROUTE.config, route: 'metadata' } }, async (request, reply) => {
    const recorded = recordedAnswer(request, opts.state.replay)
    if (recorded !== undefined) return sendRecorded(reply, recorded)
    const experiences = filterByStatus(request.workspace.metadata, request.query.status)
    return { metadata: { count: experiences.length, experiences } }
  })
}

/**
 * `status` is a comma-separated, case-sensitive list; unknown values match nothing and are never an
 * error. Omitted or empty: every experience. Repeated (`?status=Active&status=Paused`): the lists are joined.
 */
export function filterByStatus (all: readonly ExperienceMetadata[], status: unknown): ExperienceMetadata[] {
  const raw = [status].flat().filter((s): s is string => typeof s === 'string' && s !== '')
  if (raw.length === 0) return [...all]
  const wanted = new Set(raw.flatMap((s) => s.split(',')))
  return all.filter((e) => wanted.has(e.status))
}
