// The recording proxy (`personalize-mock record`): each call is forwarded to the upstream API as it came (method,
// path, query, headers with repeats kept and each name in the case first sent, body bytes) and the upstream's
// answer is returned as it came
// (status, reason, headers, body bytes, compressed or not). Node's own HTTP client does the forwarding, so nothing
// is decoded on the way. The Personalize calls and their answers go to a Recorder (src/record), which never keeps a
// header: credentials never reach the recording. The first time a workspace's call succeeds, its experience list
// (metadata, every status) is fetched once, in the background, with the same credentials.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { MetadataResponse } from '../generated/types.js'
import { isRecordedPath, splitUrl, type IncomingRequest } from '../record/normalize.js'
import { parseJson, type Recorder } from '../record/recording.js'
import { upstreamRoot } from '../record/upstream.js'
import { checkSchema } from '../validation/registry.js'
import { VendorError } from './errors.js'
import { randomIds, type IdSource } from './ids.js'
import { SERVER_DEFAULTS } from './defaults.js'
import { clientErrorHandler, sendVendorError, toVendorError, vendorErrors } from './plugins/vendor-errors.js'

export interface RecordingProxyOptions {
  /** The API root to forward to, e.g. https://sdk-01.moengage.com/v1 (a trailing /v1 is optional). */
  upstream: string
  recorder: Recorder
  /**
   * Called after each change to the recording. A recorded call's answer waits for it (the CLI writes the file
   * then, so a call the app saw answered is never missing from the recording).
   */
  onChange?: () => void | Promise<void>
  /** Give up on an upstream answer that is not complete after this long. Default 30 s. */
  timeoutMs?: number
  /** How long closing waits for a metadata snapshot still under way before ending it. Default 2 s. */
  snapshotGraceMs?: number
  /** Largest request body forwarded. Default 16 MiB. */
  bodyLimit?: number
  logger?: FastifyServerOptions['logger']
  ids?: IdSource
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once the metadata snapshots started so far are in the recording (recording proxy only). */
    recordingSettled: () => Promise<void>
  }
}

/** How long closing waits for a metadata snapshot still under way before ending it. */
const SNAPSHOT_GRACE_MS = 2000

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the proxy's own connections set: never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
  'transfer-encoding', 'upgrade'])

interface UpstreamAnswer {
  res: IncomingMessage
  body: Buffer
}

export async function buildRecordingProxy (o: RecordingProxyOptions): Promise<FastifyInstance> {
  const root = new URL(upstreamRoot(o.upstream))
  const ids = o.ids ?? randomIds
  const timeoutMs = o.timeoutMs ?? 30_000
  const snapshots = new Map<string, Promise<void>>()
  /** Ends snapshots still running when the proxy closes, once they have had their grace period. */
  const closing = new AbortController()
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? SERVER_DEFAULTS.recordBodyLimit,
    frameworkErrors: (error, _request, reply) => sendVendorError(reply, toVendorError(error), ids),
    clientErrorHandler
  })
  await app.register(vendorErrors, { ids })
  // Bodies pass through as bytes, whatever their type: the upstream judges them, not the proxy.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => { done(null, body) })
  const settled = async (): Promise<void> => { await Promise.all(snapshots.values()) }
  app.decorate('recordingSettled', settled)
  // A background snapshot still running when the proxy closes gets a moment to land in the file, then is ended.
  app.addHook('onClose', async () => {
    const grace = new Promise<void>((resolve) => setTimeout(resolve, o.snapshotGraceMs ?? SNAPSHOT_GRACE_MS).unref())
    await Promise.race([settled(), grace])
    closing.abort()
    await settled()
  })

  /** One call to the upstream, its answer read whole within `timeoutMs` (a slow trickle counts as no answer). */
  const forward = (method: string, path: string, headers: OutgoingHttpHeaders, body: Buffer | undefined, signal?: AbortSignal): Promise<UpstreamAnswer> =>
    new Promise((resolve, reject) => {
      const send = root.protocol === 'https:' ? httpsRequest : httpRequest
      const req = send({ protocol: root.protocol, hostname: root.hostname, port: root.port, method, path: root.pathname.replace(/\/$/, '') + path, headers, ...(signal === undefined ? {} : { signal }) }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => { clearTimeout(timer); resolve({ res, body: Buffer.concat(chunks) }) })
        res.on('error', fail)
        res.on('aborted', () => fail(new Error('the upstream closed the connection mid-answer')))
      })
      const fail = (err: Error): void => { clearTimeout(timer); req.destroy(); reject(err) }
      const timer = setTimeout(() => fail(Object.assign(new Error('no answer in time'), { code: 'timeout' })), timeoutMs)
      req.on('error', fail)
      req.end(body)
    })

  /** The workspace's experience list, fetched once with the credentials of its first successful call. */
  const snapshot = (workspace: string, authorization: string | undefined): void => {
    if (snapshots.has(workspace)) return
    snapshots.set(workspace, (async () => {
      const headers: OutgoingHttpHeaders = {
        host: root.host,
        'moe-appkey': workspace,
        accept: 'application/json',
        ...(authorization === undefined ? {} : { authorization })
      }
      const { res, body } = await forward('GET', '/v1/experiences/metadata', headers, undefined, closing.signal)
      const list = parseJson(decoded(res.headers, body))
      if (res.statusCode === 200 && checkSchema('metadata-response.schema.json', list).length === 0) {
        o.recorder.setMetadata(workspace, list as MetadataResponse)
        await o.onChange?.()
      } else {
        app.log.warn({ workspace, status: res.statusCode }, 'no metadata snapshot: the upstream did not answer the experience list')
      }
    })().catch((err: unknown) => { app.log.warn({ workspace, err }, 'no metadata snapshot') }))
  }

  app.all('/*', async (request, reply) => {
    const started = performance.now()
    const raw = request.body instanceof Buffer ? request.body : undefined
    let answer: UpstreamAnswer
    try {
      answer = await forward(request.method, request.url, forwardedHeaders(request.raw.rawHeaders, root.host, raw), raw)
    } catch (err) {
      throw new VendorError('UPSTREAM_FAILED', `The recording proxy got no answer from ${root.href.replace(/\/$/, '')}: ${reasonOf(err)}. Nothing was recorded.`)
    }
    const { res, body } = answer
    const durationMs = performance.now() - started

    if (isRecordedPath(splitUrl(request.url).path)) {
      const appKey = request.headers['moe-appkey']
      const workspace = typeof appKey === 'string' ? appKey : undefined
      const authorization = request.headers.authorization
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300
      if (workspace !== undefined && ok && !o.recorder.hasMetadata(workspace)) snapshot(workspace, authorization)
      const text = raw === undefined || raw.length === 0 ? undefined : raw.toString('utf8')
      const parsed = text === undefined ? undefined : parseJson(text)
      const incoming: IncomingRequest = {
        method: request.method,
        url: request.url,
        workspace,
        ...(parsed !== undefined ? { body: parsed } : text !== undefined ? { bodyText: text } : {})
      }
      o.recorder.add(
        incoming,
        { status: res.statusCode ?? 0, headers: flatHeaders(res.headers), text: decoded(res.headers, body) },
        durationMs,
        secretsOf(authorization)
      )
      await o.onChange?.()
    }

    // The answer as it came: status, reason, headers (repeats and case kept) and the body's bytes.
    reply.hijack()
    reply.raw.writeHead(res.statusCode ?? 502, res.statusMessage, returnedHeaders(res, body.length, request.method))
    reply.raw.end(body)
  })
  await app.ready()
  return app
}

/**
 * The app's headers for the upstream, from the raw list: repeats kept, each name in the case first sent; hop-by-hop
 * ones dropped, Host the upstream's, and the length of the body sent.
 */
function forwardedHeaders (rawHeaders: readonly string[], host: string, body: Buffer | undefined): OutgoingHttpHeaders {
  const out: Record<string, string[]> = {}
  const caseOf = new Map<string, string>()
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    const lower = name.toLowerCase()
    if (HOP_BY_HOP.has(lower) || lower === 'host' || lower === 'content-length') continue
    const key = caseOf.get(lower) ?? name
    caseOf.set(lower, key)
    ;(out[key] ??= []).push(rawHeaders[i + 1] as string)
  }
  const headers: OutgoingHttpHeaders = { ...out, Host: host }
  if (body !== undefined) headers['Content-Length'] = String(body.length)
  return headers
}

/** The upstream's headers as received (raw, so repeats and case stay), hop-by-hop ones aside; a length when it sent none. */
function returnedHeaders (res: IncomingMessage, length: number, method: string): string[] {
  const out: string[] = []
  let hasLength = false
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i] as string
    if (HOP_BY_HOP.has(name.toLowerCase())) continue
    if (name.toLowerCase() === 'content-length') hasLength = true
    out.push(name, res.rawHeaders[i + 1] as string)
  }
  const status = res.statusCode ?? 0
  if (!hasLength && method !== 'HEAD' && status !== 204 && status !== 304) out.push('Content-Length', String(length))
  return out
}

function flatHeaders (headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(', ') : value
  return out
}

/** The answer's text for the recording: decompressed when the upstream compressed it. */
function decoded (headers: IncomingHttpHeaders, body: Buffer): string {
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase()
  try {
    switch (encoding) {
      case 'identity': case '': return body.toString('utf8')
      case 'gzip': case 'x-gzip': return gunzipSync(body).toString('utf8')
      case 'br': return brotliDecompressSync(body).toString('utf8')
      case 'deflate':
        try {
          return inflateSync(body).toString('utf8')
        } catch {
          return inflateRawSync(body).toString('utf8')
        }
      default: return `[a body of ${body.length} bytes in the ${encoding} encoding, not decoded]`
    }
  } catch {
    return `[a body of ${body.length} bytes that did not decode as ${encoding}]`
  }
}

/**
 * The secrets of an Authorization header, to keep out of the recording wherever a client repeats them: the API
 * key of Basic credentials (and their encoded form), or the token of any other scheme.
 */
export function secretsOf (authorization: string | undefined): string[] {
  const value = (authorization ?? '').trim()
  if (value === '') return []
  const m = /^(\S+)\s+(\S+)$/.exec(value)
  if (m === null) return [value]
  const [, scheme, token] = m as unknown as [string, string, string]
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const secrets = scheme.toLowerCase() === 'basic' && colon !== -1 ? [decoded.slice(colon + 1), token] : [token]
  // Also as a URL or form would carry them.
  return [...new Set(secrets.flatMap((x) => [x, encodeURIComponent(x)]))]
}

function reasonOf (err: unknown): string {
  const e = err as { code?: string, message?: string }
  if (e.code === 'timeout') return 'no answer in time'
  return e.code ?? e.message ?? String(err)
}
