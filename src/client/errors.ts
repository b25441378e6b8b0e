// What the client throws: the vendor's error envelope as a typed error, or a network failure.
import type { ErrorEnvelope } from '../generated/types.js'

/** A non-2xx answer. title/description/code come from the vendor envelope when the body is one. */
export class PersonalizeApiError extends Error {
  readonly status: number
  readonly title: string
  readonly description: string
  readonly code: string | undefined
  /** The raw response body. */
  readonly body: string

  constructor (status: number, body: string) {
    const envelope = parseEnvelope(body)
    const title = envelope?.title ?? `HTTP ${status}`
    const description = envelope?.description ?? body.slice(0, 500)
    super(`${status} ${title}: ${description}`)
    this.name = 'PersonalizeApiError'
    this.status = status
    this.title = title
    this.description = description
    this.code = envelope?.code
    this.body = body
  }
}

/** The request never got an HTTP answer (connection refused or reset, DNS, timeout) after every retry. */
export class PersonalizeNetworkError extends Error {
  constructor (message: string, options: { cause: unknown }) {
    super(message, options)
    this.name = 'PersonalizeNetworkError'
  }
}

function parseEnvelope (body: string): ErrorEnvelope | undefined {
  try {
    const parsed: unknown = JSON.parse(body)
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as ErrorEnvelope).title === 'string') {
      const e = parsed as ErrorEnvelope
      return { title: e.title, description: typeof e.description === 'string' ? e.description : '', ...(typeof e.code === 'string' ? { code: e.code } : {}) }
    }
  } catch {}
  return undefined
}
