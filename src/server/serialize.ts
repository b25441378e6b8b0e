// The fetch response as JSON text. A served entry is a shared, frozen object per (audience, variation), so
// its text is computed once and reused: a request only joins the entries it serves.
import type { FetchResponse, ServedExperience } from '../generated/types.js'

const texts = new WeakMap<ServedExperience, string>()

function textOf (entry: ServedExperience): string {
  let text = texts.get(entry)
  if (text === undefined) {
    text = JSON.stringify(entry)
    if (Object.isFrozen(entry)) texts.set(entry, text)
  }
  return text
}

/**
 * Joined in one go rather than added up piece by piece: Fastify measures the text's UTF-8 length before sending it,
 * and a text added up is a tree of pieces V8 must first copy into one (a 25-key answer: 2.6 µs, against 0.3 µs for
 * the joined text, whose joining costs about 1 µs more).
 */
export function serializeFetchResponse (response: FetchResponse): string {
  const parts = ['{"experiences":{']
  for (const key in response.experiences) {
    parts.push(parts.length === 1 ? '' : ',', JSON.stringify(key), ':', textOf(response.experiences[key] as ServedExperience))
  }
  parts.push('}}')
  return parts.join('')
}
