// Logger options for the CLI: pino through Fastify, pretty on a terminal, credentials redacted.
import type { FastifyServerOptions } from 'fastify'
import type { LogLevel } from './args.js'

/** Paths pino masks in every log line. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers["x-admin-token"]']

export function loggerOptions (level: LogLevel, pretty: boolean): FastifyServerOptions['logger'] {
  if (level === 'silent') return false
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Headers help when an integration is debugged; the credentials among them are redacted above, and so is
      // the admin token the debugging page may be opened with (/__ui?token=…).
      req: (req: { method: string, url: string, headers: Record<string, unknown>, ip?: string }) =>
        ({ method: req.method, url: req.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]'), headers: req.headers, remoteAddress: req.ip })
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {})
  }
}
