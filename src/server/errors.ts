// The one catalogue of errors the mock sends. Every failure leaves in the vendor's envelope
// {title, description, code?}. Documented entries quote the vendor (facts sheet §4) to the letter;
// the others are choices, listed in the README's fidelity table.
import { STATUS_CODES } from 'node:http'
import type { FixtureProblem } from '../fixtures/problems.js'
import type { ErrorEnvelope } from '../generated/types.js'

export interface ErrorTemplate {
  readonly status: number
  readonly title: string
  /** Fixed text; entries whose text depends on the request pass it when the error is raised. */
  readonly description: string
  /** The vendor adds an opaque 8-letter code to field validation errors. */
  readonly withCode: boolean
  /** True when title and description are the vendor's documented strings. */
  readonly documented: boolean
}

function template (status: number, title: string, description: string, flags: Partial<Pick<ErrorTemplate, 'withCode' | 'documented'>> = {}): ErrorTemplate {
  return Object.freeze({ status, title, description, withCode: flags.withCode ?? false, documented: flags.documented ?? false })
}

/**
 * Where the vendor documents nothing, titles follow the "<status> <reason>" form of the framework whose
 * envelope the vendor's errors have (title/description/code), with a plain description.
 */
const frameworkTitle = (status: number): string => `${status} ${STATUS_CODES[status] ?? 'Error'}`

export const ERRORS = {
  // ── Headers and auth (all endpoints) ──
  CLIENT_NOT_FOUND: template(400, 'Request Error',
    'MoEngage Client not found. Please check values for headers - MOE-APPKEY or MOE-DBNAME', { documented: true }),
  AUTHENTICATION_REQUIRED: template(401, 'Authentication required',
    'Invalid API_KEY used in Authentication Header', { documented: true }),
  // ── Body ──
  MALFORMED_JSON: template(400, 'Malformed JSON',
    'Could not decode the request body. The JSON was incorrect or not encoded as UTF-8.', { documented: true }),
  INVALID_FIELD_VALUE: template(400, 'Invalid Field Value', '', { withCode: true, documented: true }),
  PAYLOAD_TOO_LARGE: template(413, frameworkTitle(413), 'The request body is larger than the server accepts.'),
  HEADERS_TOO_LARGE: template(431, frameworkTitle(431), 'The request headers are larger than the server accepts.'),
  REQUEST_TIMEOUT: template(408, frameworkTitle(408), 'The request was not received in time.'),
  // ── Routing ──
  NOT_FOUND: template(404, frameworkTitle(404), 'The requested resource could not be found.'),
  METHOD_NOT_ALLOWED: template(405, frameworkTitle(405), 'This method is not allowed for the requested resource.'),
  // ── Rate limit: the vendor documents the limit, not the answer ──
  RATE_LIMITED: template(429, frameworkTitle(429), 'The rate limit of this workspace is exceeded. Retry after the number of seconds in Retry-After.'),
  SHUTTING_DOWN: template(503, frameworkTitle(503), 'The mock is shutting down.'),
  UI_UNAVAILABLE: template(503, frameworkTitle(503), 'The debugging page is not built: run npm run build.'),
  // ── Record and replay (mock only; the text names the request) ──
  REPLAY_UNMATCHED: template(404, frameworkTitle(404), ''),
  UPSTREAM_FAILED: template(502, frameworkTitle(502), ''),
  // ── Admin API (mock only) ──
  ADMIN_FORBIDDEN: template(
    403,
    frameworkTitle(403),
    'The admin API answers only on loopback, or to the admin token the mock was started with, and never to another web site.'
  ),
  FIXTURES_REFUSED: template(400, 'Invalid fixtures', 'The fixtures were refused; the previous set is still served. See problems.'),
  ADMIN_INVALID: template(400, 'Invalid admin request', ''),
  // ── Anything else ──
  BAD_REQUEST: template(400, frameworkTitle(400), 'The request could not be understood.'),
  INTERNAL: template(500, frameworkTitle(500), 'The server ran into an unexpected error. Retry with exponential backoff.')
} as const satisfies Record<string, ErrorTemplate>

export type ErrorName = keyof typeof ERRORS

/** An error to send in the vendor's envelope. */
export class VendorError extends Error {
  readonly statusCode: number
  readonly template: ErrorTemplate
  readonly headers: Readonly<Record<string, string>>
  /** Fixture problems, for admin answers that refuse fixtures. */
  problems: readonly FixtureProblem[] | undefined

  constructor (name: ErrorName | ErrorTemplate, description?: string, headers: Record<string, string> = {}) {
    const t = typeof name === 'string' ? ERRORS[name] : name
    super(description ?? t.description)
    this.name = `VendorError(${typeof name === 'string' ? name : t.status})`
    this.template = t
    this.statusCode = t.status
    this.headers = headers
  }

  /** The response body; `code` is drawn only for templates that carry one. */
  envelope (drawCode: () => string): ErrorEnvelope & { problems?: FixtureProblem[] } {
    const body: ErrorEnvelope & { problems?: FixtureProblem[] } = { title: this.template.title, description: this.message }
    if (this.template.withCode) body.code = drawCode()
    if (this.problems !== undefined) body.problems = [...this.problems]
    return body
  }
}

/** The 405 of a path that answers `allowed`, naming them in Allow (a GET route answers HEAD too). */
export function methodNotAllowed (allowed: readonly string[]): VendorError {
  return new VendorError('METHOD_NOT_ALLOWED', undefined, { allow: servedMethods(allowed).join(', ') })
}

/** The methods a path answers when its routes answer `allowed`: Fastify answers HEAD for every GET route itself. */
export function servedMethods (allowed: readonly string[]): string[] {
  return allowed.includes('GET') ? [...allowed, 'HEAD'] : [...allowed]
}

/**
 * An error for any status (injected faults): the catalogue's entry for that status when it has one,
 * else the framework-style title with the generic text of its class.
 */
export function errorForStatus (status: number): VendorError {
  const named = (Object.keys(ERRORS) as ErrorName[]).find((n) => ERRORS[n].status === status && !ERRORS[n].withCode && !MOCK_ONLY.has(n))
  if (named !== undefined) return new VendorError(named)
  const description = status >= 500 ? ERRORS.INTERNAL.description : 'The request was refused.'
  return new VendorError(template(status, frameworkTitle(status), description))
}

/** Errors of the mock's own API, never the answer of an injected fault. */
const MOCK_ONLY: ReadonlySet<ErrorName> = new Set([
  'ADMIN_FORBIDDEN', 'FIXTURES_REFUSED', 'ADMIN_INVALID', 'SHUTTING_DOWN', 'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT', 'UI_UNAVAILABLE', 'REPLAY_UNMATCHED', 'UPSTREAM_FAILED'
])
