// GET/PUT /__admin/fixtures and PUT /__admin/workspaces/:id. A new set is validated exactly like a file;
// a refused one answers 400 with every problem and its JSON pointer, and the previous set stays.
import type { FastifyInstance } from 'fastify'
import type { AdminFixturesAccepted, FixtureFile, FixtureWorkspace } from '../../../generated/types.js'
import { loadOwnedFixtureDocument } from '../../../fixtures/load.js'
import { FixtureError } from '../../../fixtures/problems.js'
import { VendorError } from '../../errors.js'
import type { MockState } from '../../state.js'

export async function adminFixtureRoutes (fastify: FastifyInstance, opts: { state: MockState }): Promise<void> {
  const { state } = opts
  const load = (doc: unknown, source: string): AdminFixturesAccepted => {
    try {
      // The body (or a merge built for this request) belongs to this request alone: no copy needed.
      const next = loadOwnedFixtureDocument(doc, source)
      state.fixtures.replace(next)
      return { status: 'loaded', workspaces: [...next.workspaces.keys()], warnings: [...next.warnings] }
    } catch (err) {
      if (!(err instanceof FixtureError)) throw err
      const refused = new VendorError('FIXTURES_REFUSED')
      refused.problems = err.problems
      throw refused
    }
  }

  fastify.get<{ Reply: FixtureFile }>('/fixtures', async () => state.fixtures.current.document)

  fastify.put<{ Body: unknown, Reply: AdminFixturesAccepted }>('/fixtures', async (request) => load(request.body, 'PUT /__admin/fixtures'))

  fastify.put<{ Params: { id: string }, Body: unknown, Reply: AdminFixturesAccepted }>('/workspaces/:id', async (request) => {
    const { id } = request.params
    const given = request.body
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      throw new VendorError('ADMIN_INVALID', 'the body must be one workspace object of the fixture format')
    }
    const body = given as Partial<FixtureWorkspace>
    if (body.id !== undefined && body.id !== id) throw new VendorError('ADMIN_INVALID', `the body's id "${String(body.id)}" is not the workspace in the path, "${id}"`)
    const current = state.fixtures.current.document
    const workspace = { ...body, id } as FixtureWorkspace
    const index = current.workspaces.findIndex((w) => w.id === id)
    const workspaces = index === -1 ? [...current.workspaces, workspace] : current.workspaces.map((w, i) => i === index ? workspace : w)
    return load({ ...current, workspaces }, `PUT /__admin/workspaces/${id}`)
  })
}
