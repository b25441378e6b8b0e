// (workspace, fetch request, now) -> the fetch response. Pure: no I/O, no clock of its own.
import type { FetchRequest, FetchResponse, ServedExperience } from '../generated/types.js'
import { schemaDocuments } from '../generated/schemas.js'
import type { CompiledExperience, CompiledWorkspace } from '../fixtures/model.js'
import { bucketOf, pickByWeight } from './bucketing.js'
import { resolveVisitor, type Visitor } from './identity.js'

/** More keys than this are not an error: the first ones are served (schemas/fetch-request.schema.json). */
export const MAX_SERVED_KEYS = servedMaxItems()

export function evaluateFetch (ws: CompiledWorkspace, request: FetchRequest): FetchResponse {
  const visitor = resolveVisitor(ws, request.identifiers)
  // No prototype: an experience key such as "__proto__" must become a plain property.
  const experiences: Record<string, ServedExperience> = Object.create(null)
  for (const exp of requestedExperiences(ws, request.experience_key)) {
    const served = serve(exp, visitor)
    if (served !== undefined) experiences[exp.key] = served
  }
  return { experiences }
}

/** The experiences asked for, in request order, first MAX_SERVED_KEYS keys only, each once; unknown keys dropped. */
export function requestedExperiences (ws: CompiledWorkspace, keys: readonly string[] | undefined): CompiledExperience[] {
  if (keys === undefined || keys.length === 0) return [...ws.experiences]
  const out: CompiledExperience[] = []
  const seen = new Set<string>()
  for (const key of keys.slice(0, MAX_SERVED_KEYS)) {
    if (seen.has(key)) continue
    seen.add(key)
    const exp = ws.experiencesByKey.get(key)
    if (exp !== undefined) out.push(exp)
  }
  return out
}

function serve (exp: CompiledExperience, visitor: Visitor): ServedExperience | undefined {
  if (exp.status !== 'Active') return undefined
  const audience = exp.audiences.find((a) => a.allUsers)
  if (audience === undefined) return undefined
  const bucket = bucketOf(exp.key, visitor.bucketingId)
  const index = pickByWeight(audience.variations.map((v) => v.weight), bucket)
  return audience.variations[index]?.served
}

function servedMaxItems (): number {
  const doc = schemaDocuments['fetch-request.schema.json'] as { properties: { experience_key: Record<string, unknown> } }
  const max = doc.properties.experience_key['x-served-max-items']
  if (typeof max !== 'number') throw new Error('fetch-request.schema.json lacks experience_key x-served-max-items')
  return max
}
