// Drift test: every error the mock can send is documented in docs/errors.md's table, and every
// catalogue entry is a well-formed vendor envelope.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { ERRORS, VendorError, type ErrorName } from '../src/server/errors.js'
import { violations } from './helpers/schemas.js'

const errorsSection = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')

for (const name of Object.keys(ERRORS) as ErrorName[]) {
  const entry = ERRORS[name]
  t.test(`${name} is documented in docs/errors.md with its status, title and description`, async (t) => {
    // Entries may share a title (two 503s): the row is the one with this title and this description.
    const row = errorsSection.split('\n').find((line) => line.includes(`| \`${entry.title}\` |`) && (entry.description === '' || line.includes(`\`${entry.description}\``)))
    t.ok(row, `a row for ${entry.title}`)
    t.match(row, `| ${entry.status} |`)
    if (entry.description !== '') t.match(row, `\`${entry.description}\``)
    t.match(row, entry.documented ? /\| yes/ : /\| no \|/)
  })

  t.test(`${name} renders a valid envelope`, async (t) => {
    const body = new VendorError(name, entry.description || 'field - reason').envelope(() => 'AbCdEfGh')
    t.strictSame(violations('error.schema.json', body), [])
    t.equal('code' in body, entry.withCode)
  })
}

t.test('errors from outside the catalogue map to an envelope, never to Fastify\'s own shape', async (t) => {
  const { toVendorError } = await import('../src/server/plugins/vendor-errors.js')
  const tooLarge = Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })
  t.equal(toVendorError(tooLarge as never).template, ERRORS.PAYLOAD_TOO_LARGE)
  const clientError = Object.assign(new Error('bad length'), { code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', statusCode: 400 })
  t.equal(toVendorError(clientError as never).template, ERRORS.BAD_REQUEST)
  const bug = new TypeError('undefined is not a function')
  const internal = toVendorError(bug as never)
  t.equal(internal.template, ERRORS.INTERNAL)
  t.equal(internal.message, ERRORS.INTERNAL.description, 'the bug\'s own message is not sent to the client')
  const ours = new VendorError('NOT_FOUND')
  t.equal(toVendorError(ours), ours)
})
