// The fetch response as JSON text. A served entry is a shared, frozen object per (audience, variation), served under
// its experience's key, so its member of the answer ("key":{...}) is written once and reused: a request only joins
// the members it serves.
import type { FetchResponse, ServedExperience } from '../generated/types.js'

const members = new WeakMap<ServedExperience, { key: string, text: string }>()

function memberOf (key: string, entry: ServedExperience): string {
  const known = members.get(entry)
  if (known !== undefined && known.key === key) return known.text
  const text = `${JSON.stringify(key)}:${JSON.stringify(entry)}`
  if (Object.isFrozen(entry)) members.set(entry, { key, text })
  return text
}

/**
 * Joined in one go rather than added up piece by piece: Fastify measures the text's UTF-8 length before sending it,
 * and a text added up is a tree of pieces V8 must first copy into one (a 25-key answer: 2.6 µs, against 0.3 µs for
 * the joined text).
 */
export function serializeFetchResponse (response: FetchResponse): string {
  const parts = ['{"experiences":{']
  let separator = ''
  for (const key in response.experiences) {
    parts.push(separator, memberOf(key, response.experiences[key] as ServedExperience))
    separator = ','
  }
  parts.push('}}')
  return parts.join('')
}
