// The server's defaults, in one object: buildServer, startMockServer, the journals and the CLI's option table
// read them from here. Nothing here loads Fastify, so the CLI can print its usage without it.
import { VENDOR_RATE_LIMIT } from '../vendor/limits.js'

export const SERVER_DEFAULTS = {
  /** Interface to bind. */
  host: '127.0.0.1',
  /** Port of `personalize-mock serve`; startMockServer() picks any free port instead. */
  cliPort: 4010,
  /** Fetch requests per minute per workspace (the vendor's limit). */
  rateLimit: VENDOR_RATE_LIMIT,
  /** Events kept per workspace in the event journal. */
  journalCap: 10_000,
  /** Requests kept in the request journal. */
  requestJournalCap: 1_000,
  /** (campaign, customer) pairs the served log keeps per workspace for the events' context check. */
  servedLogCap: 100_000,
  /** Largest accepted request body in bytes; larger ones get 413 in the envelope. */
  bodyLimit: 1024 * 1024,
  /** Largest accepted request line + headers in bytes (Node's own default); larger ones get 431. */
  maxHeaderSize: 16 * 1024,
  /** Largest request body the recording proxy forwards: it is not the proxy's to refuse what the upstream may take. */
  recordBodyLimit: 16 * 1024 * 1024,
  /** How long close() lets requests in flight finish before it cuts them, in ms. */
  closeGraceMs: 5000
} as const
