// GET /__ui: the debugging page (src/ui), under the admin API's access rule. It is built on the admin and
// explain APIs only; this route just sends the document.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { uiPage } from '../../ui/page.js'
import { VendorError } from '../errors.js'
import { adminAccess } from '../plugins/admin-access.js'

export async function uiRoute (fastify: FastifyInstance, opts: { adminToken: string | undefined }): Promise<void> {
  await fastify.register(adminAccess, { adminToken: opts.adminToken, tokenInQuery: true })
  // With or without a trailing slash: the page calls absolute paths, so both addresses work alike.
  for (const url of ['/__ui', '/__ui/']) fastify.get(url, sendPage)
}

async function sendPage (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
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
}
