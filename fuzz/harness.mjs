// Fuzzing the mock (fast-check, seeded): request bodies generated from schemas/ (json-schema-faker) or built
// valid, then mutated (wrong types, huge strings, deep nesting, any Unicode, bytes that are not UTF-8,
// truncated JSON, keys written twice, prototype keys), with mutated headers (missing, duplicated, bad base64,
// wrong content type). Properties: nothing crashes; no 5xx (no faults are injected); every non-2xx body is
// the vendor envelope; every 2xx body validates against its response schema; no body holds a credential;
// afterwards the server and its journals still answer and Object.prototype is untouched.
// Runs against the built package (dist/): `npm test` builds first; `npm run fuzz` builds too.
import fc from 'fast-check'
import { generateSync } from 'json-schema-faker'
import { loadFixtureFile } from '../dist/index.js'
// Internals, from their modules: the package entry exports only the public API (docs/api.md).
import { buildServer } from '../dist/server/app.js'
import { DEMO_FIXTURE_FILE } from '../dist/fixtures/demo.js'
import { checkSchema } from '../dist/validation/registry.js'
import { schemaDocuments } from '../dist/generated/schemas.js'

const WS = { id: 'DEMO_WORKSPACE', key: 'demo-personalize-key' }
const ROUTES = {
  fetch: { method: 'POST', url: '/v1/experiences/fetch', request: 'fetch-request.schema.json', response: 'fetch-response.schema.json' },
  explain: { method: 'POST', url: '/__mock/explain', request: 'fetch-request.schema.json', response: 'explain-response.schema.json' },
  events: { method: 'POST', url: '/v1/experiences/events', request: 'events-request.schema.json', response: 'events-response.schema.json' },
  metadata: { method: 'GET', url: '/v1/experiences/metadata', request: undefined, response: 'metadata-response.schema.json' }
}
const KEYS = [
  'homepage-banner', 'checkout-reassurance', 'email-landing-banner', 'loyalty-offer',
  'geo-shipping-note', 'mobile-app-promo', 'cart-upsell', 'nope-key'
]
const PROTO = ['__proto__', 'constructor', 'prototype']
const CONTEXT = {
  cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_2_P_0_AU_5A',
  experience: 'x',
  moe_locale_id: '0',
  moe_variation_id: '2',
  audience_name: 'All Users',
  audience_id: '5A',
  type: 'Web Personalization'
}

/** Valid bodies, so that the 2xx path is exercised too. */
const validBody = {
  fetch: fc.record({
    identifiers: fc.option(fc.record({
      customer_id: fc.constantFrom('demo-user-1', 'demo-user-2', 'demo-user-3', 'stranger', ''),
      user_identifiers: fc.option(fc.dictionary(fc.constantFrom('u_em', 'u_mb', ...PROTO), fc.string()), { nil: undefined })
    }, { requiredKeys: [] }), { nil: undefined }),
    experience_key: fc.option(fc.array(fc.constantFrom(...KEYS), { maxLength: 30 }), { nil: undefined }),
    DAY_OF_THE_WEEK: fc.option(fc.constantFrom('Sunday', 'Monday', 'Saturday'), { nil: undefined }),
    TIME_OF_THE_DAY: fc.option(fc.constantFrom('00', '09', '20', '23'), { nil: undefined }),
    USER_IP_ADDRESS: fc.option(fc.oneof(fc.constantFrom('203.0.113.7', '198.51.100.1', '2001:db8::1', '::ffff:203.0.113.9'), fc.string()), { nil: undefined }),
    USER_AGENT: fc.option(fc.oneof(
      fc.constantFrom('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148', 'curl/8'),
      fc.string()
    ), { nil: undefined }),
    utm_medium: fc.option(fc.oneof(fc.constantFrom('email', 'sms'), fc.jsonValue()), { nil: undefined })
  }, { requiredKeys: [] }),
  events: fc.array(fc.record({
    customer_id: fc.string({ minLength: 1 }),
    actions: fc.array(fc.record({
      action: fc.constantFrom('MOE_PERSONALIZATION_MESSAGE_SHOWN', 'MOE_PERSONALIZATION_MESSAGE_CLICKED'),
      moe_event_uuid: fc.uuid({ version: 4 }),
      event_time: fc.integer({ min: 0, max: 9_999_999_999 }),
      platform: fc.constantFrom('web', 'Android', 'iOS', 'tv'),
      attributes: fc.constant(CONTEXT)
    }), { minLength: 1, maxLength: 3 })
  }), { minLength: 1, maxLength: 5 }).map((elements) => ({ elements }))
}

/** A body derived from the request schema by json-schema-faker, from a seed fast-check draws. */
const schemaBody = (schemaId) => fc.integer({ min: 0, max: 2 ** 31 - 1 })
  .map((seed) => generateSync(schemaDocuments[schemaId], { seed, maxItems: 4, maxLength: 24 }))

/** A JSON path into a value, picked from a draw. */
function paths (value, prefix = []) {
  if (value === null || typeof value !== 'object') return [prefix]
  return [prefix, ...Object.keys(value).flatMap((k) => paths(value[k], [...prefix, k]))]
}
function setAt (value, path, replacement) {
  if (path.length === 0) return replacement
  const copy = Array.isArray(value) ? [...value] : { ...value }
  copy[path[0]] = setAt(value[path[0]], path.slice(1), replacement)
  return copy
}

const mutation = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wrong-type'),
      at: fc.nat(),
      value: fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.jsonValue(), { maxLength: 3 }),
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
        fc.string()
      )
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge-string'), at: fc.nat(), size: fc.integer({ min: 10_000, max: 400_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep'), at: fc.nat(), depth: fc.integer({ min: 100, max: 20_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unicode'), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('not-utf8'), bytes: fc.uint8Array({ minLength: 1, maxLength: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncated'), keep: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-key'), value: fc.jsonValue() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('proto-key'), key: fc.constantFrom(...PROTO), value: fc.jsonValue() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' }) }
)

/** The request body as bytes, after the mutation. */
function encode (body, m) {
  const pick = (list, n) => list[n % list.length]
  switch (m.kind) {
    case 'none': return Buffer.from(JSON.stringify(body))
    case 'wrong-type': return Buffer.from(JSON.stringify(setAt(body, pick(paths(body), m.at), m.value)))
    case 'huge-string': return Buffer.from(JSON.stringify(setAt(body, pick(paths(body), m.at), 'x'.repeat(m.size))))
    case 'deep': {
      const text = JSON.stringify(setAt(body, pick(paths(body), m.at), '@@DEEP@@'))
      return Buffer.from(text.replace('"@@DEEP@@"', '['.repeat(m.depth) + ']'.repeat(m.depth)))
    }
    case 'unicode': return Buffer.from(JSON.stringify(setAt(body, pick(paths(body), m.at), m.text)))
    case 'not-utf8': return Buffer.concat([Buffer.from('{"experience_key":["'), Buffer.from(m.bytes), Buffer.from([0xff, 0xfe]), Buffer.from('"]}')])
    case 'truncated': { const text = JSON.stringify(body); return Buffer.from(text.slice(0, Math.floor(text.length * m.keep))) }
    case 'duplicate-key': return Buffer.from(JSON.stringify(body).replace(/^\{/, `{"experience_key":${JSON.stringify(m.value)},"elements":${JSON.stringify(m.value)},`))
    case 'proto-key': return Buffer.from(JSON.stringify(body).replace(/^\{/, `{${JSON.stringify(m.key)}:${JSON.stringify(m.value)},`))
    case 'empty': return Buffer.alloc(0)
  }
}

/** The API key and its Basic credentials: never in any answer. */
const SECRETS = [WS.key, Buffer.from(`${WS.id}:${WS.key}`).toString('base64')]
const basic = (user, key) => 'Basic ' + Buffer.from(`${user}:${key}`).toString('base64')
const headerVariant = fc.record({
  appkey: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'unknown', 'duplicated', 'lowercase'),
  auth: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong-key', 'bad-base64', 'lower-scheme', 'bearer', 'duplicated', 'no-colon'),
  type: fc.constantFrom('json', 'json', 'json', 'missing', 'text', 'garbage', 'json-latin1')
})
function headers (v) {
  const h = {}
  if (v.appkey === 'valid') h['moe-appkey'] = WS.id
  if (v.appkey === 'unknown') h['moe-appkey'] = 'NOPE_WS'
  if (v.appkey === 'duplicated') h['moe-appkey'] = [WS.id, WS.id]
  if (v.appkey === 'lowercase') h['moe-appkey'] = WS.id.toLowerCase()
  if (v.auth === 'valid') h.authorization = basic(WS.id, WS.key)
  if (v.auth === 'wrong-key') h.authorization = basic(WS.id, 'wrong')
  if (v.auth === 'bad-base64') h.authorization = 'Basic %%%not-base64%%%'
  if (v.auth === 'lower-scheme') h.authorization = 'basic ' + Buffer.from(`${WS.id}:${WS.key}`).toString('base64')
  if (v.auth === 'bearer') h.authorization = 'Bearer abc'
  if (v.auth === 'duplicated') h.authorization = [basic(WS.id, WS.key), basic(WS.id, 'other')]
  if (v.auth === 'no-colon') h.authorization = 'Basic ' + Buffer.from('nocolon').toString('base64')
  if (v.type === 'json') h['content-type'] = 'application/json'
  if (v.type === 'text') h['content-type'] = 'text/plain'
  if (v.type === 'garbage') h['content-type'] = ';;;=='
  if (v.type === 'json-latin1') h['content-type'] = 'application/json; charset=latin1'
  return h
}

const request = fc.constantFrom(...Object.keys(ROUTES)).chain((route) => fc.record({
  route: fc.constant(route),
  body: ROUTES[route].request === undefined
    ? fc.constant(undefined)
    : fc.oneof(validBody[route === 'explain' ? 'fetch' : route] ?? fc.constant({}), schemaBody(ROUTES[route].request)),
  mutation,
  headers: headerVariant,
  query: route === 'metadata'
    ? fc.oneof(
      fc.constant(''),
      fc.constantFrom('?status=Active', '?status=active', '?status=Active,Paused', '?status=%E0%A4%A', '?status=&status=x'),
      fc.string().map((s) => `?status=${encodeURIComponent(s)}`)
    )
    : fc.constant('')
}))

/**
 * Runs `runs` cases against one fresh server; returns counts and the first violations (at most 10).
 * Seeded: the same seed gives the same cases. With `untilViolation`, the run ends at the first violation (the
 * harness's own test, which needs only that one).
 */
export async function fuzz ({ runs, seed, prepare, tamper, untilViolation = false }) {
  const app = await buildServer({ fixtures: await loadFixtureFile(DEMO_FIXTURE_FILE), rateLimit: false })
  // For the harness's own test: a way to break the server (faults) and see the properties catch it.
  if (prepare !== undefined) await prepare(app)
  const counts = { cases: 0, byStatus: {}, byMutation: {}, violations: 0 }
  const violations = []
  try {
    const details = await fc.check(fc.asyncProperty(request, async (c) => {
      const { method, url, response } = ROUTES[c.route]
      const payload = c.body === undefined ? undefined : encode(c.body, c.mutation)
      const sent = { method, url: url + c.query, headers: headers(c.headers), ...(payload === undefined ? {} : { payload }) }
      const answered = await app.inject(sent)
      // For the harness's own test: an answer changed before the checks see it.
      const res = tamper === undefined ? answered : { ...tamper(answered, sent) }
      counts.cases++
      counts.byStatus[res.statusCode] = (counts.byStatus[res.statusCode] ?? 0) + 1
      counts.byMutation[c.mutation.kind] = (counts.byMutation[c.mutation.kind] ?? 0) + 1
      const body = parses(res.body) ? JSON.parse(res.body) : undefined
      const leaked = SECRETS.find((s) => res.body.includes(s))
      const problem = leaked !== undefined
        ? `a credential in the body: ${leaked.slice(0, 4)}…`
        : res.statusCode >= 500
          ? `5xx: ${res.body.slice(0, 200)}`
          : body === undefined
            ? `not JSON: ${res.body.slice(0, 200)}`
            : res.statusCode >= 400
              ? checkSchema('error.schema.json', body).map((d) => `${d.pointer} ${d.message}`).join('; ')
              : checkSchema(response, body).map((d) => `${d.pointer} ${d.message}`).join('; ')
      if (problem !== '') {
        counts.violations++
        if (violations.length < 10) violations.push({ route: c.route, status: res.statusCode, mutation: c.mutation.kind, headers: c.headers, problem })
        if (untilViolation) return false
      }
      return true
    }), { numRuns: runs, seed, endOnFailure: true })
    // The property fails only to end the run at a violation, when asked; anything else is an exception a case raised.
    if (details.failed && !(untilViolation && counts.violations > 0)) throw details.errorInstance ?? new Error(fc.defaultReportMessage(details))
    // Still answering, the journals of all that was sent still readable, and nothing leaked into Object.prototype.
    const after = await Promise.all(['/__admin/health', '/__admin/events', '/__admin/requests'].map((url) => app.inject({ method: 'GET', url })))
    counts.healthyAfter = after.every((res) => res.statusCode === 200 && parses(res.body))
    counts.prototypeClean = ({}).polluted === undefined && Object.keys(Object.prototype).length === 0
  } finally {
    await app.close()
  }
  return { counts, violations }
}

function parses (text) {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
