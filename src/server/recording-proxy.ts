// The recording proxy (`personalize-mock record`): each call is forwarded unchanged to the upstream API and its
// answer returned unchanged; the Personalize calls and their answers go to a Recorder (src/record), which never
// keeps a header, so credentials never reach the recording. The first time a workspace's call succeeds, its
// experience list (metadata, every status) is fetched once with the same credentials for the snapshot.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { MetadataResponse, RecordedInteraction } from '../generated/types.js'
import { isRecordedPath, splitUrl, type IncomingRequest } from '../record/normalize.js'
import { parseJson, type Recorder } from '../record/recording.js'
import { upstreamRoot } from '../record/upstream.js'
import { checkSchema } from '../validation/registry.js'
import { VendorError } from './errors.js'
import { randomIds, type IdSource } from './ids.js'
import { DEFAULT_BODY_LIMIT } from './limits.js'
import { clientErrorHandler, sendVendorError, toVendorError, vendorErrors } from './plugins/vendor-errors.js'

export interface RecordingProxyOptions {
  /** The API root to forward to, e.g. https://sdk-01.moengage.com/v1 (a trailing /v1 is optional). */
  upstream: string
  recorder: Recorder
  /**
   * Called after each recorded call, before the app gets its answer: the CLI writes the file then, so a call the
   * app saw answered is never missing from the recording.
   */
  onRecorded?: (interaction: RecordedInteraction) => void | Promise<void>
  /** Give up on an upstream answer after this long. Default 30 s. */
  timeoutMs?: number
  bodyLimit?: number
  logger?: FastifyServerOptions['logger']
  ids?: IdSource
  fetch?: typeof fetch
}

/** Hop-by-hop headers and those the proxy's own connection sets: never passed on, either way. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'content-length', 'expect'])
/** The upstream answer's body arrives decoded, so its encoding headers no longer hold. */
const NOT_RETURNED = new Set([...NOT_FORWARDED, 'content-encoding'])

export async function buildRecordingProxy (o: RecordingProxyOptions): Promise<FastifyInstance> {
  const root = upstreamRoot(o.upstream)
  const ids = o.ids ?? randomIds
  const fetchImpl = o.fetch ?? globalThis.fetch
  const timeoutMs = o.timeoutMs ?? 30_000
  const snapshots = new Map<string, Promise<void>>()
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? DEFAULT_BODY_LIMIT,
    frameworkErrors: (error, _request, reply) => sendVendorError(reply, toVendorError(error), ids),
    clientErrorHandler
  })
  await app.register(vendorErrors, { ids })
  // Bodies pass through as bytes, whatever their type: the upstream judges them, not the proxy.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => { done(null, body) })

  /** The workspace's experience list, fetched once with the credentials of its first successful call. */
  const snapshot = (workspace: string, headers: Record<string, string>): Promise<void> => {
    let pending = snapshots.get(workspace)
    if (pending === undefined) {
      pending = (async () => {
        const res = await fetchImpl(`${root}/v1/experiences/metadata`, { headers, signal: AbortSignal.timeout(timeoutMs) })
        const body = parseJson(await res.text())
        if (res.status === 200 && checkSchema('metadata-response.schema.json', body).length === 0) o.recorder.setMetadata(workspace, body as MetadataResponse)
        else app.log.warn({ workspace, status: res.status }, 'no metadata snapshot: the upstream did not answer the experience list')
      })().catch((err: unknown) => { app.log.warn({ workspace, err }, 'no metadata snapshot') })
      snapshots.set(workspace, pending)
    }
    return pending
  }

  app.all('/*', async (request, reply) => {
    const started = performance.now()
    const raw = request.body instanceof Buffer && request.body.length > 0 ? request.body : undefined
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      // No accept-encoding: the answer comes back plain, so the proxy records what the app reads.
      if (value === undefined || NOT_FORWARDED.has(name) || name === 'accept-encoding') continue
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    let res: Response
    try {
      res = await fetchImpl(root + request.url, { method: request.method, headers, ...(raw === undefined ? {} : { body: raw }), redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    } catch (err) {
      throw new VendorError('UPSTREAM_FAILED', `The recording proxy got no answer from ${root}: ${reasonOf(err)}. Nothing was recorded.`)
    }
    const answer = Buffer.from(await res.arrayBuffer())
    const durationMs = performance.now() - started

    if (isRecordedPath(splitUrl(request.url).path)) {
      const workspace = headers['moe-appkey']
      if (workspace !== undefined && res.ok && !o.recorder.hasMetadata(workspace)) {
        await snapshot(workspace, { authorization: headers.authorization ?? '', 'moe-appkey': workspace, accept: 'application/json' })
      }
      const text = raw?.toString('utf8')
      const body = text === undefined ? undefined : parseJson(text)
      const incoming: IncomingRequest = { method: request.method, url: request.url, workspace, ...(body !== undefined ? { body } : text !== undefined ? { bodyText: text } : {}) }
      const interaction = o.recorder.add(incoming, { status: res.status, headers: res.headers, text: answer.toString('utf8') }, durationMs, secretsOf(headers.authorization))
      await o.onRecorded?.(interaction)
    }

    reply.code(res.status)
    for (const [name, value] of res.headers) if (!NOT_RETURNED.has(name)) reply.header(name, value)
    return reply.send(answer)
  })
  await app.ready()
  return app
}

/** The password of Basic credentials (the API key), to keep out of the recording wherever a client repeats it. */
function secretsOf (authorization: string | undefined): string[] {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '')
  if (m === null) return []
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon === -1 ? [] : [decoded.slice(colon + 1), m[1] as string]
}

function reasonOf (err: unknown): string {
  const cause = (err as { cause?: { code?: string, message?: string } }).cause
  if (err instanceof Error && err.name === 'TimeoutError') return 'no answer in time'
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))
}
