// GET /v1/experiences/metadata?status=Active,Paused, and POST where the behaviour serves it (metadata_post).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ExperienceMetadata, MetadataResponse } from '../../generated/types.js'

type MetadataRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>

export async function metadataRoute (fastify: FastifyInstance): Promise<void> {
  const answer = async (request: MetadataRequest): Promise<MetadataResponse> => {
    const experiences = filterByStatus(request.workspace.metadata, request.query.status, request.workspace.rules.emptyStatusListsAll)
    return { metadata: { count: experiences.length, experiences } }
  }
  // A recorded answer changes nothing here.
  const config = { route: 'metadata', replay: {} } as const
  fastify.get('/experiences/metadata', { config }, answer)
  // The body of a POST is not read: the filter comes from the query string, as for GET.
  fastify.post('/experiences/metadata', { config: { ...config, switchedBy: { rule: 'metadataPost', allowed: ['GET'] } } }, answer)
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
