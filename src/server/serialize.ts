// The fetch answer as JSON text. A served entry is a shared, frozen object per (audience, variation), served under
// its experience's key, so its member of the answer ("key":{...}) is written once and reused: a request only joins
// the members it serves.
import type { ServedExperience } from '../generated/types.js'
import type { FetchAnswer } from '../targeting/evaluate.js'

const members = new WeakMap<ServedExperience, { key: string, text: string }>()

function memberOf (key: string, entry: ServedExperience): string {
  const known = members.get(entry)
  if (known !== undefined && known.key === key) return known.text
  const text = `${JSON.stringify(key)}:${JSON.stringify(entry)}`
  if (Object.isFrozen(entry)) members.set(entry, { key, text })
  return text
}

/**
 * The answer's JSON text, its members in the order served (the order asked; a JS object would put keys that read as
 * numbers first), joined in one go rather than added up piece by piece: Fastify measures the text's UTF-8
 * length before sending it, and a text added up is a tree of pieces V8 must first copy into one (a 25-key answer:
 * 2.6 µs, against 0.3 µs for the joined text).
 */
export function serializeFetchAnswer (answer: FetchAnswer): string {
  const parts = ['{"experiences":{']
  answer.keys.forEach((key, i) => parts.push(i === 0 ? '' : ',', memberOf(key, answer.entries[i] as ServedExperience)))
  parts.push('}}')
  return parts.join('')
}
