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

export function serializeFetchResponse (response: FetchResponse): string {
  let out = '{"experiences":{'
  let first = true
  for (const key in response.experiences) {
    out += `${first ? '' : ','}${JSON.stringify(key)}:${textOf(response.experiences[key] as ServedExperience)}`
    first = false
  }
  return out + '}}'
}
