// The experiences a recorded fetch answer served, as far as they are well formed: a recording may have been edited
// by hand, and replay and starter fixtures must never trip over an entry that is not.
import type { ServedExperience } from '../generated/types.js'
import { validatorFor } from '../validation/registry.js'

const isContext = validatorFor('common.schema.json#/definitions/ExperienceContext')
const isDataType = validatorFor('common.schema.json#/definitions/DataType')

/**
 * Variables with a data_type and a value of any JSON type: the upstream recorded may send numbers and booleans
 * natively (an older mock did), and the context check and starter fixtures must not lose such an answer.
 */
function isPayload (payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return false
  return Object.values(payload).every((v: unknown) =>
    v !== null && typeof v === 'object' && 'value' in v && isDataType((v as { data_type?: unknown }).data_type))
}

/** A recorded answer never changes: each body is checked once, however often replay sends it. */
const checked = new WeakMap<object, Array<[string, ServedExperience]>>()

/** Key and entry of each well-formed served experience of a fetch answer body, in the answer's order. */
export function servedEntries (body: unknown): Array<[string, ServedExperience]> {
  const experiences = (body as { experiences?: unknown } | null | undefined)?.experiences
  if (experiences === null || typeof experiences !== 'object') return []
  let entries = checked.get(experiences)
  if (entries === undefined) {
    entries = Object.entries(experiences).filter((pair): pair is [string, ServedExperience] => {
      const e = pair[1] as Partial<ServedExperience> | null
      return e !== null && typeof e === 'object' && isPayload(e.payload) && isContext(e.experience_context)
    })
    checked.set(experiences, entries)
  }
  return entries
}
