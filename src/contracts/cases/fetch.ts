// POST /experiences/fetch: body errors, and what is and is not served.
import type { FetchResponse, Payload, ServedExperience } from '../../generated/types.js'
import { readPayloadValue } from '../../client/payload.js'
import type { CaseContext, Checker, ContractCase } from '../case.js'
import type { Diagnostic } from '../../validation/registry.js'
import type { RawResponse } from '../../client/transport.js'
import { fieldError, VENDOR } from '../vendor-text.js'
import { CID_SHAPE, parseCid } from '../../vendor/cid.js'
import { FETCH, postJson, STRANGER } from './requests.js'

const PAYLOAD_VALUE = /^\/experiences\/[^/]+\/payload\/[^/]+\/value$/

/** A number or boolean payload value where the schema types text: the other answer of payload_values, observed by the cases. */
const nativePayloadValue = (v: Diagnostic): boolean =>
  v.keyword === 'type' && PAYLOAD_VALUE.test(v.pointer) && (typeof v.value === 'number' || typeof v.value === 'boolean')

/** 200, valid against the fetch response schema; returns the body for further checks. */
function served (check: Checker, res: RawResponse, label: string): FetchResponse | undefined {
  if (!check.status(res, 200, label) || !check.schema(res, 'fetch-response.schema.json', label, nativePayloadValue)) return undefined
  return res.json as FetchResponse
}

/**
 * A payload variable as the vendor's spec types it: a json value is an object (or array); a string variable is a
 * string; a number, float or boolean is its text (payload_values "string") or the JSON number or boolean ("native"),
 * and reads as its data_type. The first such variable of an answer is observed.
 */
function payloadTyped (check: Checker, payload: Payload, res: RawResponse, label: string): void {
  let observed = false
  for (const [name, variable] of Object.entries(payload)) {
    const value: unknown = variable.value
    const type = variable.data_type
    const shown = JSON.stringify(value)
    if (type === 'json' || type === 'string') {
      const wire = type === 'json' ? value !== null && typeof value === 'object' : typeof value === 'string'
      check.ok(wire, `${label}: payload ${name} (data_type ${type}) is ${shown}; the vendor's spec sends ${type === 'json' ? 'an object' : 'a string'}`)
      continue
    }
    const native = type === 'boolean' ? typeof value === 'boolean' : typeof value === 'number'
    const neither = `${label}: payload ${name} (data_type ${type}) is ${shown}, neither its text nor a JSON ${type === 'boolean' ? 'boolean' : 'number'}`
    if (!check.ok(native || typeof value === 'string', neither)) continue
    let readable = true
    try { readPayloadValue(variable) } catch { readable = false }
    check.ok(readable, `${label}: payload ${name} is ${shown}, which does not read as data_type ${type}`)
    if (!observed) check.observed('payload_values', native ? 'native' : 'string', res, label, JSON.stringify({ [name]: variable }))
    observed = true
  }
}

/** The entry of `key` in a fetch answer to the suite's stranger, schema violations reported but the entry still read. */
async function fetchOne (ctx: CaseContext, key: string, label: string): Promise<{ res: RawResponse, entry: ServedExperience | undefined } | undefined> {
  const { send, check } = ctx
  const res = await send(label, postJson(FETCH, { identifiers: { customer_id: STRANGER }, experience_key: [key] }))
  if (!check.status(res, 200, 'fetch')) return undefined
  check.schema(res, 'fetch-response.schema.json', 'fetch', nativePayloadValue)
  const experiences = (res.json as Partial<FetchResponse> | undefined)?.experiences
  const entry = experiences?.[key]
  check.ok(entry !== undefined, `fetch: "${key}" was not served`)
  if (entry !== undefined) check.equal(Object.keys(experiences ?? {}), [key], 'fetch: experiences served')
  return { res, entry }
}

/** An experience of this status is not served: 200 with {"experiences":{}}. */
function omitted (id: string, status: string, need: 'paused_key' | 'scheduled_key'): ContractCase {
  return {
    id,
    title: `a ${status} key is omitted: 200 with {"experiences":{}}`,
    needs: [need],
    writes: false,
    async run ({ profile, send, check }) {
      const request = postJson(FETCH, { identifiers: { customer_id: STRANGER }, experience_key: [profile[need]] })
      const body = served(check, await send(`fetch the ${status.toLowerCase()} key`, request), 'fetch')
      if (body !== undefined) check.equal(body, { experiences: {} }, 'fetch: body')
    }
  }
}

export const fetchCases: ContractCase[] = [
  {
    id: 'fetch.malformed-json',
    title: 'a body that is not JSON is 400 Malformed JSON',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const res = await send('fetch with a truncated body', { method: 'POST', path: FETCH, body: '{"experience_key": ["' })
      check.envelope(res, 'fetch', { status: 400, ...VENDOR.MALFORMED, code: 'optional' })
    }
  },
  {
    id: 'fetch.invalid-day',
    title: 'DAY_OF_THE_WEEK outside the enum is 400 Invalid Field Value with the vendor sentence',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const res = await send('fetch with DAY_OF_THE_WEEK funday', postJson(FETCH, { DAY_OF_THE_WEEK: 'funday' }))
      check.envelope(res, 'fetch', { status: 400, title: 'Invalid Field Value', description: VENDOR.INVALID_DAY, code: 'required' })
    }
  },
  {
    id: 'fetch.invalid-hour',
    title: 'TIME_OF_THE_DAY outside "00"-"23" is 400 Invalid Field Value naming that field',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const res = await send('fetch with TIME_OF_THE_DAY 24', postJson(FETCH, { TIME_OF_THE_DAY: '24' }))
      // Only the DAY_OF_THE_WEEK sentence is documented; this one is expected to name the field first, as that one does.
      check.envelope(res, 'fetch', { status: 400, title: 'Invalid Field Value', description: fieldError('TIME_OF_THE_DAY'), code: 'required' })
    }
  },
  {
    id: 'fetch.unknown-key',
    title: 'an unknown key is not an error: 200 with {"experiences":{}}',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const request = postJson(FETCH, { identifiers: { customer_id: STRANGER }, experience_key: ['contract-suite-no-such-key'] })
      const res = await send('fetch an unknown key', request)
      if (served(check, res, 'fetch') !== undefined) check.equal(res.json, { experiences: {} }, 'fetch: body')
    }
  },
  {
    id: 'fetch.active-key',
    title: 'an Active All Users key is served with a payload and a consistent experience_context',
    needs: ['active_all_users_key'],
    writes: false,
    async run (c) {
      const { profile, check } = c
      const fetched = await fetchOne(c, profile.active_all_users_key as string, 'fetch the active key')
      const exp = fetched?.entry
      if (fetched === undefined || exp === undefined) return
      const ctx = exp.experience_context
      const cid = parseCid(ctx.cid)
      if (check.ok(cid !== undefined, `fetch: cid ${JSON.stringify(ctx.cid)} is not ${CID_SHAPE}`)) {
        check.equal(cid?.variationId, ctx.moe_variation_id, 'fetch: the cid\'s variation is moe_variation_id')
        check.equal(cid?.audienceId, ctx.audience_id, 'fetch: the cid\'s audience is audience_id')
      }
      payloadTyped(check, exp.payload ?? {}, fetched.res, 'fetch')
    }
  },
  {
    id: 'fetch.payload-values',
    title: 'number and boolean payload values travel as their text (payload_values "string") or as JSON values ("native")',
    needs: ['typed_payload_key'],
    writes: false,
    async run (c) {
      const key = c.profile.typed_payload_key as string
      const fetched = await fetchOne(c, key, 'fetch the key with typed variables')
      const payload = fetched?.entry?.payload
      if (fetched === undefined || payload === undefined) return
      const before = c.check.observations.length
      payloadTyped(c.check, payload, fetched.res, 'fetch')
      c.check.ok(c.check.observations.length > before, `fetch: "${key}" has no number, float or boolean variable, as the profile says it has`)
    }
  },
  {
    id: 'fetch.empty-key-list',
    title: 'experience_key [] serves every experience the caller qualifies for (empty_experience_key "all"), or nothing ("none")',
    needs: ['active_all_users_key'],
    writes: false,
    async run ({ profile, send, check }) {
      const key = profile.active_all_users_key as string
      const res = await send('fetch with experience_key []', postJson(FETCH, { identifiers: { customer_id: STRANGER }, experience_key: [] }))
      const body = served(check, res, 'experience_key []')
      if (body === undefined) return
      const keys = Object.keys(body.experiences)
      if (keys.length === 0) {
        check.observed('empty_experience_key', 'none', res, 'experience_key []')
      } else if (check.ok(keys.includes(key), `experience_key []: serves ${JSON.stringify(keys)} but not the All Users key "${key}"`)) {
        check.observed('empty_experience_key', 'all', res, 'experience_key []')
      }
    }
  },
  {
    id: 'fetch.user-identifiers-string',
    title: 'identifiers.user_identifiers given as a string is refused (user_identifiers_string "reject") or served ("accept")',
    needs: ['active_all_users_key'],
    writes: false,
    async run ({ profile, send, check }) {
      const label = 'user_identifiers as a string'
      const key = profile.active_all_users_key as string
      const res = await send(label, postJson(FETCH, { identifiers: { user_identifiers: `${STRANGER}@example.com` }, experience_key: [key] }))
      if (res.status === 400) {
        check.envelope(res, label, { status: 400, title: 'Invalid Field Value', description: fieldError('identifiers.user_identifiers'), code: 'optional' })
        check.observed('user_identifiers_string', 'reject', res, label)
        return
      }
      // Accepted, the caller is anonymous at worst: the All Users key is served.
      const body = served(check, res, label)
      if (body !== undefined && check.ok(body.experiences[key] !== undefined, `${label}: accepted, but "${key}" was not served`)) {
        check.observed('user_identifiers_string', 'accept', res, label)
      }
    }
  },
  {
    id: 'fetch.sticky',
    title: 'the same customer gets the same variation twice',
    needs: ['active_all_users_key'],
    writes: false,
    async run ({ profile, send, check }) {
      const key = profile.active_all_users_key as string
      const ask = postJson(FETCH, { identifiers: { customer_id: `${STRANGER}-sticky` }, experience_key: [key] })
      const first = served(check, await send('first fetch', ask), 'first fetch')?.experiences[key]
      const second = served(check, await send('second fetch', ask), 'second fetch')?.experiences[key]
      if (!check.ok(first !== undefined && second !== undefined, `"${key}" was not served to ${STRANGER}-sticky both times`)) return
      if (first === undefined || second === undefined) return
      check.equal(second.experience_context.moe_variation_id, first.experience_context.moe_variation_id, 'moe_variation_id')
      check.equal(second.payload, first.payload, 'payload')
    }
  },
  {
    id: 'fetch.key-limit',
    title: 'a 25th key is served; a 26th is not served (the prose) or the request is refused (the schema\'s maxItems)',
    needs: ['active_all_users_key'],
    writes: false,
    async run ({ profile, send, check }) {
      const key = profile.active_all_users_key as string
      const filler = (n: number) => Array.from({ length: n }, (_, i) => `contract-suite-filler-${i}`)
      const fetchWithKeys = (n: number) => postJson(FETCH, { identifiers: { customer_id: STRANGER }, experience_key: [...filler(n - 1), key] })
      const at25 = served(check, await send('active key 25th of 25', fetchWithKeys(25)), '25 keys')
      check.ok(at25?.experiences[key] !== undefined, `25 keys: "${key}" in 25th place was not served`)
      const res = await send('active key 26th of 26', fetchWithKeys(26))
      // The vendor's documents disagree (facts: "over 25 keys"): either answer is one value of keys_over_limit.
      if (res.status === 400) {
        check.envelope(res, '26 keys', { status: 400, title: 'Invalid Field Value', description: fieldError('experience_key'), code: 'optional' })
        check.observed('keys_over_limit', 'reject', res, '26 keys')
        return
      }
      const at26 = served(check, res, '26 keys')
      if (at26 === undefined) return
      check.equal(at26, { experiences: {} }, '26 keys: the 26th key is not served')
      check.observed('keys_over_limit', 'first_25', res, '26 keys')
    }
  },
  omitted('fetch.paused-omitted', 'Paused', 'paused_key'),
  omitted('fetch.scheduled-omitted', 'Scheduled', 'scheduled_key'),
  {
    id: 'fetch.targeted',
    title: 'a targeted key is served to the matching customer and not to the other',
    needs: ['targeted'],
    writes: false,
    async run ({ profile, send, check }) {
      const t = profile.targeted!
      const fetchFor = (customerId: string) => postJson(FETCH, { identifiers: { customer_id: customerId }, experience_key: [t.key] })
      const yes = served(check, await send('fetch for the matching customer', fetchFor(t.matching_customer_id)), 'matching customer')
      check.ok(yes?.experiences[t.key] !== undefined, `matching customer: "${t.key}" was not served to ${t.matching_customer_id}`)
      const no = served(check, await send('fetch for the other customer', fetchFor(t.non_matching_customer_id)), 'other customer')
      if (no !== undefined) check.equal(no, { experiences: {} }, `other customer: body for ${t.non_matching_customer_id}`)
    }
  }
]
