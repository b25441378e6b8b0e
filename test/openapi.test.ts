// GET /openapi.json: a valid OpenAPI 3.1 document, built from schemas/, listing every route the mock answers.
import t from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import { demoServer } from './helpers/server.js'
import { cli } from './helpers/cli.js'
import { PACKAGE_VERSION } from '../src/version.js'
import { readFileSync } from 'node:fs'

t.test('the document validates as OpenAPI 3.1 and every $ref resolves', async (t) => {
  const app = await demoServer(t)
  const res = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.equal(doc.openapi, '3.1.0')
  const validator = new Validator()
  const result = await validator.validate(doc)
  t.ok(result.valid, JSON.stringify(result.errors ?? [], null, 1).slice(0, 2000))
  const pointers = JSON.stringify(doc).match(/"\$ref":"#[^"]+"/g) ?? []
  for (const p of new Set(pointers)) {
    const path = p.slice(9, -1).split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    t.ok(path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc) !== undefined, `${p} resolves`)
  }
})

t.test('every route the server answers is in the document, and every documented one is answered', async (t) => {
  const app = await demoServer(t)
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
  const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)))
  // Routes that only refuse a method (405) are not operations; HEAD comes with every GET.
  const refusals = new Set(['/v1/experiences/fetch', '/v1/experiences/metadata', '/v1/experiences/events', '/__mock/explain'])
  const answered = app.mock.routes
    .filter((r) => r.method !== 'HEAD')
    .filter((r) => !(refusals.has(r.url) && !documented.has(`${r.method} ${r.url}`)))
    .map((r) => `${r.method} ${r.url}`)
  t.ok(answered.length >= 15, `${answered.length} routes`)
  t.strictSame([...new Set(answered)].filter((r) => !documented.has(r)), [], 'answered but not documented')
  t.strictSame([...documented].filter((d) => !answered.includes(d)), [], 'documented but not answered')
})

t.test('the shapes are references into the schemas, not copies', async (t) => {
  const app = await demoServer(t)
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  t.strictSame(doc.paths['/v1/experiences/fetch'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/FetchRequest' })
  t.strictSame(doc.components.schemas.FetchResponse.properties.experiences.additionalProperties, { $ref: '#/components/schemas/FetchResponse/$defs/ServedExperience' })
  t.equal(doc.info.version, PACKAGE_VERSION)
  t.equal(PACKAGE_VERSION, JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version, 'version.ts follows package.json')
})

t.test('personalize-mock openapi prints the same document', async (t) => {
  const app = await demoServer(t)
  const served = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  const printed = await cli(['openapi'])
  t.equal(printed.code, 0)
  t.strictSame(JSON.parse(printed.stdout), served)
})
