import t, { type Test } from 'tap'
import { demoServer, fetchExperiences } from './helpers/server.js'

const CODE = /^[A-Za-z]{8}$/

async function invalid (t: Test, body: unknown, description: string): Promise<void> {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, body)
  t.equal(res.statusCode, 400)
  const envelope = res.json()
  t.strictSame(envelope, { title: 'Invalid Field Value', description, code: envelope.code })
  t.match(envelope.code, CODE)
}

t.test('DAY_OF_THE_WEEK outside the enum is 400 with the vendor sentence, days listed Sunday first', (t) =>
  invalid(t, { DAY_OF_THE_WEEK: 'funday' },
    'DAY_OF_THE_WEEK - Enum doesnt allow value: funday, allowed values: [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]'))

t.test('DAY_OF_THE_WEEK is case-sensitive', (t) =>
  invalid(t, { DAY_OF_THE_WEEK: 'monday' },
    'DAY_OF_THE_WEEK - Enum doesnt allow value: monday, allowed values: [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]'))

t.test('TIME_OF_THE_DAY must be a zero-padded hour "00"-"23"', async (t) => {
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).join(', ')
  for (const bad of ['24', '7', '7pm']) {
    await t.test(bad, (t) => invalid(t, { TIME_OF_THE_DAY: bad }, `TIME_OF_THE_DAY - Enum doesnt allow value: ${bad}, allowed values: [${hours}]`))
  }
})

t.test('DAY_OF_THE_WEEK that is not a string is Invalid Field Value', (t) =>
  invalid(t, { DAY_OF_THE_WEEK: 3 }, 'DAY_OF_THE_WEEK - Not a valid string.'))

t.test('experience_key that is not a list is Invalid Field Value', (t) =>
  invalid(t, { experience_key: 'homepage-banner' }, 'experience_key - Not a valid list.'))

t.test('a non-string experience key names its position', (t) =>
  invalid(t, { experience_key: ['homepage-banner', 7] }, 'experience_key.1 - Not a valid string.'))

t.test('identifiers.customer_id that is not a string is Invalid Field Value', (t) =>
  invalid(t, { identifiers: { customer_id: 42 } }, 'identifiers.customer_id - Not a valid string.'))

t.test('user_identifiers must be an object of strings', async (t) => {
  await t.test('a string', (t) => invalid(t, { identifiers: { user_identifiers: 'a@b.c' } }, 'identifiers.user_identifiers - Not a valid mapping.'))
  await t.test('a number inside', (t) => invalid(t, { identifiers: { user_identifiers: { u_mb: 5550100 } } }, 'identifiers.user_identifiers.u_mb - Not a valid string.'))
})

t.test('USER_IP_ADDRESS and USER_AGENT must be strings', async (t) => {
  await t.test('ip', (t) => invalid(t, { USER_IP_ADDRESS: 10 }, 'USER_IP_ADDRESS - Not a valid string.'))
  await t.test('ua', (t) => invalid(t, { USER_AGENT: null }, 'USER_AGENT - Not a valid string.'))
})

t.test('a body that is JSON but not an object is Invalid Field Value', async (t) => {
  for (const body of [[], 'text', 12, null]) {
    await t.test(JSON.stringify(body), (t) => invalid(t, body, 'body - Not a valid mapping.'))
  }
})

t.test('each error draws a fresh code', async (t) => {
  const app = await demoServer(t)
  const codes = new Set<string>()
  for (let i = 0; i < 5; i++) codes.add((await fetchExperiences(app, { DAY_OF_THE_WEEK: 'x' })).json().code)
  t.equal(codes.size, 5)
})

t.test('custom in-session keys of any JSON type are accepted', async (t) => {
  const app = await demoServer(t)
  const res = await fetchExperiences(app, { utm_medium: 'email', referrer: 'https://example.com', visits: 3, flags: { a: true } })
  t.equal(res.statusCode, 200)
})
