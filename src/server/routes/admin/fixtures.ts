// GET/PUT /__admin/fixtures and PUT /__admin/workspaces/:id. A new set is parsed and validated exactly like a
// file (keys written twice included); a refused one answers 400 with every problem and its JSON pointer, and the
// previous set stays.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AdminFixturesAccepted, FixtureFile, FixtureWorkspace } from '../../../generated/types.js'
import { loadOwnedFixtureDocument } from '../../../fixtures/load.js'
import { parseFixtureText } from '../../../fixtures/parse.js'
import { FixtureError, withinStack } from '../../../fixtures/problems.js'
import { MAX_FIXTURE_BYTES } from '../../../fixtures/read.js'
import { VendorError } from '../../errors.js'
import { utf8Text } from '../../plugins/json-body.js'
import type { MockState } from '../../state.js'

/** A refused fixture set, as the admin API answers it. */
function refusal (err: unknown): unknown {
  if (!(err instanceof FixtureError)) return err
  const refused = new VendorError('FIXTURES_REFUSED')
  refused.problems = err.problems
  return refused
}

/** How problems name a document sent to the admin API: "PUT /__admin/workspaces/W". */
const sourceOf = (request: FastifyRequest): string => `${request.method} ${request.url.split('?')[0] ?? ''}`

export async function adminFixtureRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  // Bodies here are fixture text: parsed like a file, so a key written twice is refused with its line, and as
  // large as a file may be.
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, raw, done) => {
    const source = sourceOf(request)
    try {
      const text = utf8Text(raw as Buffer)
      if (text === undefined) throw new FixtureError([{ file: source, pointer: '', message: 'the body is not UTF-8' }])
      done(null, withinStack(source, () => parseFixtureText(text, source)))
    } catch (err) {
      done(refusal(err) as Error, undefined)
    }
  })

  const load = (doc: unknown, source: string): AdminFixturesAccepted => {
    try {
      // The body (or a merge built for this request) belongs to this request alone: no copy needed.
      const next = loadOwnedFixtureDocument(doc, source, { behaviour: state.fixtures.initial.behaviour })
      state.fixtures.replace(next)
      return { status: 'loaded', workspaces: [...next.workspaces.keys()], warnings: [...next.warnings] }
    } catch (err) {
      throw refusal(err)
    }
  }

  fastify.get<{ Reply: FixtureFile }>('/fixtures', async () => state.fixtures.current.document)

  fastify.put<{ Body: unknown, Reply: AdminFixturesAccepted }>('/fixtures', { bodyLimit: MAX_FIXTURE_BYTES },
    async (request) => load(request.body, sourceOf(request)))

  fastify.put<{ Params: { id: string }, Body: unknown, Reply: AdminFixturesAccepted }>('/workspaces/:id', { bodyLimit: MAX_FIXTURE_BYTES }, async (request) => {
    const { id } = request.params
    const given = request.body
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      throw new VendorError('ADMIN_INVALID', 'the body must be one workspace object of the fixture format')
    }
    const body = given as Partial<FixtureWorkspace>
    if (body.id !== undefined && body.id !== id) {
      throw new VendorError('ADMIN_INVALID', `the body's id "${String(body.id)}" is not the workspace in the path, "${id}"`)
    }
    const current = state.fixtures.current.document
    const workspace = { ...body, id } as FixtureWorkspace
    const index = current.workspaces.findIndex((w) => w.id === id)
    const workspaces = index === -1 ? [...current.workspaces, workspace] : current.workspaces.map((w, i) => i === index ? workspace : w)
    return load({ ...current, workspaces }, sourceOf(request))
  })
}
