// GET /__ui: the debugging page (src/ui), under the admin API's access rule. It is built on the admin and
// explain APIs only; this route just sends the document.
import type { FastifyInstance } from 'fastify'
import { uiPage } from '../../ui/page.js'
import { VendorError } from '../errors.js'
import { adminAccess } from '../plugins/admin-access.js'

export async function uiRoute (fastify: FastifyInstance, opts: { adminToken: string | undefined }): Promise<void> {
  await fastify.register(adminAccess, { adminToken: opts.adminToken, tokenInQuery: true })
  fastify.get('/__ui', async (_request, reply) => {
    const page = await uiPage().catch(() => undefined)
    if (page === undefined) throw new VendorError('UI_UNAVAILABLE')
    return await reply
      .type('text/html; charset=utf-8')
      .headers({
        'content-security-policy': page.csp,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store'
      })
      .send(page.html)
  })
}
