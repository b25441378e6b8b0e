// Client options -> one resolved, frozen configuration.

/** MoEngage data centers (sdk-<dc>.moengage.com). */
export const DATA_CENTERS = ['01', '02', '03', '04', '05', '06', '101'] as const
export type DataCenter = typeof DATA_CENTERS[number]

export function dataCenterUrl (dc: DataCenter): string {
  return `https://sdk-${dc}.moengage.com/v1`
}

export interface ClientOptions {
  /** The API root including /v1, e.g. http://127.0.0.1:4010/v1. Give this or dataCenter. */
  baseUrl?: string
  /** "01" -> https://sdk-01.moengage.com/v1. Give this or baseUrl. */
  dataCenter?: string
  /** Workspace id: the MOE-APPKEY header and the Basic auth user. */
  workspaceId: string
  /** The Personalize API key (the Basic auth password). */
  apiKey: string
  /** Per attempt. Default 5000. */
  timeoutMs?: number
  /** Retries after the first attempt on 5xx, 429 and network errors. Default 2. */
  retries?: number
  /** First backoff step in ms (doubles per retry, with full jitter). Default 200. */
  baseDelayMs?: number
  /** Longest single wait, including a Retry-After. Default 10000. */
  maxDelayMs?: number
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch
  /** For tests: how to wait, the jitter source, and the time an HTTP-date Retry-After is counted from. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  now?: () => number
}

export interface ClientConfig {
  readonly baseUrl: string
  readonly workspaceId: string
  readonly apiKey: string
  readonly timeoutMs: number
  readonly retry: { readonly retries: number, readonly baseDelayMs: number, readonly maxDelayMs: number }
  readonly fetch: typeof fetch
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly now: () => number
}

export function resolveClientConfig (o: ClientOptions): ClientConfig {
  if ((o.baseUrl === undefined) === (o.dataCenter === undefined)) throw new TypeError('give exactly one of baseUrl and dataCenter')
  if (o.dataCenter !== undefined && !(DATA_CENTERS as readonly string[]).includes(o.dataCenter)) {
    throw new TypeError(`dataCenter must be one of ${DATA_CENTERS.join(', ')}, got "${o.dataCenter}"`)
  }
  if (o.workspaceId === '' || o.apiKey === '') throw new TypeError('workspaceId and apiKey must not be empty')
  const baseUrl = o.baseUrl === undefined ? dataCenterUrl(o.dataCenter as DataCenter) : checkBaseUrl(o.baseUrl)
  return Object.freeze({
    baseUrl,
    workspaceId: o.workspaceId,
    apiKey: o.apiKey,
    timeoutMs: whole('timeoutMs', o.timeoutMs ?? 5000, 1),
    retry: Object.freeze({
      retries: whole('retries', o.retries ?? 2, 0),
      baseDelayMs: whole('baseDelayMs', o.baseDelayMs ?? 200, 0),
      maxDelayMs: whole('maxDelayMs', o.maxDelayMs ?? 10_000, 0)
    }),
    fetch: o.fetch ?? globalThis.fetch,
    sleep: o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: o.random ?? Math.random,
    now: o.now ?? Date.now
  })
}

function whole (name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}`)
  return value
}

/** An http(s) URL without credentials, query or fragment; trailing slashes dropped. */
function checkBaseUrl (raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new TypeError('baseUrl is not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('baseUrl must be http or https')
  if (url.username !== '' || url.password !== '') throw new TypeError('baseUrl must not carry credentials: give workspaceId and apiKey')
  if (url.search !== '' || url.hash !== '') throw new TypeError('baseUrl must not have a query or fragment')
  return url.href.replace(/\/+$/, '')
}
