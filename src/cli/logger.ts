// Logger options for the CLI: pino through Fastify, pretty on a terminal, credentials redacted.
import type { FastifyServerOptions } from 'fastify'
import type { LogLevel } from './args.js'
import type { Output } from './serve.js'

/** Paths pino masks in every log line. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers["x-admin-token"]']

/** Pretty when `io` is a terminal; into `io.log` when it has one (else the process's stdout). */
export function loggerOptions (level: LogLevel, io: Pick<Output, 'tty' | 'log'>): FastifyServerOptions['logger'] {
  if (level === 'silent') return false
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Headers help when an integration is debugged; the credentials among them are redacted above, and so is
      // the admin token the debugging page may be opened with (/__ui?token=…).
      req: (req: { method: string, url: string, headers: Record<string, unknown>, ip?: string }) =>
        ({ method: req.method, url: withoutToken(req.url), headers: req.headers, remoteAddress: req.ip })
    },
    ...(io.log !== undefined
      ? { stream: io.log }
      : io.tty === true ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {})
  }
}

/**
 * The URL with the value of every `token` query parameter masked. Names are compared decoded, as the admin
 * access check reads them (`?%74oken=` is `?token=`); the rest of the URL is left as it came.
 */
export function withoutToken (url: string): string {
  const q = url.indexOf('?')
  if (q === -1) return url
  const pairs = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=')
    const rawName = eq === -1 ? pair : pair.slice(0, eq)
    return new URLSearchParams(`${rawName}=`).has('token') ? `${rawName}=[redacted]` : pair
  })
  return `${url.slice(0, q)}?${pairs.join('&')}`
}
