// One HTTP exchange with the Personalize API, retried per the policy. Headers a correct client sends are
// added unless the caller overrides or removes them (the contract suite sends broken requests on purpose).
import type { ClientConfig } from './config.js'
import { PersonalizeNetworkError } from './errors.js'
import { backoffDelay, isRetryableStatus, retryAfterMs } from './retry.js'
import { tryParseJson } from '../validation/json.js'

export interface RawRequest {
  method: string
  /** Relative to the base URL, e.g. "/experiences/fetch". */
  path: string
  /** Raw query string without "?", e.g. "status=Active,Paused". */
  query?: string
  /** Sent as is; the same bytes on every retry. */
  body?: string | Buffer
  /** A string sets a header, null removes one of the defaults (MOE-APPKEY, Authorization, Content-Type, Accept). */
  headers?: Record<string, string | null>
  /** false: one attempt only. Default true. */
  retry?: boolean
}

export interface RawResponse {
  status: number
  headers: Headers
  text: string
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown
  /** Attempts made, 1 when the first answer was kept. */
  attempts: number
}

export function basicAuthorization (user: string, key: string): string {
  return 'Basic ' + Buffer.from(`${user}:${key}`, 'utf8').toString('base64')
}

export async function send (config: ClientConfig, req: RawRequest): Promise<RawResponse> {
  const url = config.baseUrl + req.path + (req.query === undefined || req.query === '' ? '' : `?${req.query}`)
  const headers = buildHeaders(config, req)
  const attemptsAllowed = req.retry === false ? 1 : config.retry.retries + 1
  for (let attempt = 0; ; attempt++) {
    const last = attempt + 1 >= attemptsAllowed
    let res: Response
    let text: string
    try {
      res = await config.fetch(url, {
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: req.body as BodyInit }),
        signal: AbortSignal.timeout(config.timeoutMs)
      })
      // Reading the body can fail too (a reset, the timeout): that is still "no answer".
      text = await res.text()
    } catch (err) {
      if (last) throw new PersonalizeNetworkError(`${req.method} ${req.path}: no answer after ${attempt + 1} attempt(s): ${describe(err)}`, { cause: err })
      await config.sleep(backoffDelay(config.retry, attempt, config.random))
      continue
    }
    if (!last && isRetryableStatus(res.status)) {
      const after = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after'), config.now()) : undefined
      if (after === undefined || after <= config.retry.maxDelayMs) {
        await config.sleep(after ?? backoffDelay(config.retry, attempt, config.random))
        continue
      }
    }
    return { status: res.status, headers: res.headers, text, json: tryParseJson(text), attempts: attempt + 1 }
  }
}

function buildHeaders (config: ClientConfig, req: RawRequest): Headers {
  const defaults: Record<string, string> = {
    'MOE-APPKEY': config.workspaceId,
    Authorization: basicAuthorization(config.workspaceId, config.apiKey),
    Accept: '*/*'
  }
  if (req.body !== undefined) defaults['Content-Type'] = 'application/json'
  const headers = new Headers(defaults)
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === null) headers.delete(name)
    else headers.set(name, value)
  }
  return headers
}

function describe (err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = (err as { cause?: { code?: string } }).cause?.code
  return `${err.name}: ${err.message}${cause === undefined ? '' : ` (${cause})`}`
}
