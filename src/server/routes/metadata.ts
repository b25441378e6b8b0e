// GET /v1/experiences/metadata?status=Active,Paused, and POST where the behaviour serves it (metadata_post).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ExperienceMetadata, MetadataResponse } from '../../generated/types.js'
import { recordedAnswer, REPLAYED_ROUTE, sendRecorded } from '../replay.js'
import type { MockState } from '../state.js'

type MetadataRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>

export async function metadataRoute (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const answer = async (request: MetadataRequest, reply: FastifyReply): Promise<MetadataResponse | FastifyReply> => {
    const recorded = recordedAnswer(request, opts.state.replay)
    if (recorded !== undefined) return sendRecorded(reply, recorded)
    const experiences = filterByStatus(request.workspace.metadata, request.query.status, request.workspace.rules.emptyStatusListsAll)
    return { metadata: { count: experiences.length, experiences } }
  }
  const config = { ...REPLAYED_ROUTE.config, route: 'metadata' } as const
  fastify.get('/experiences/metadata', { ...REPLAYED_ROUTE, config }, answer)
  // The body of a POST is not read: the filter comes from the query string, as for GET.
  fastify.post('/experiences/metadata', { ...REPLAYED_ROUTE, config: { ...config, switchedBy: { rule: 'metadataPost', allowed: ['GET'] } } }, answer)
}

/**
 * `status` is a comma-separated, case-sensitive list; unknown values match nothing and are never an
 * error. Omitted: every experience; given empty, every experience unless the behaviour says metadata_empty_status
 * "none". Repeated (`?status=Active&status=Paused`): the lists are joined.
 */
export function filterByStatus (all: readonly ExperienceMetadata[], status: unknown, emptyListsAll = true): ExperienceMetadata[] {
  const raw = [status].flat().filter((s): s is string => typeof s === 'string' && s !== '')
  if (raw.length === 0) return status === undefined || emptyListsAll ? [...all] : []
  const wanted = new Set(raw.flatMap((s) => s.split(',')))
  return all.filter((e) => wanted.has(e.status))
}
