// Size limits on what a request may carry, shared by the server and the CLI's defaults (no imports, so the
// CLI can read them without loading Fastify).

/** Largest accepted request body in bytes; larger ones get 413 in the envelope. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

/** Largest accepted request line + headers in bytes (Node's own default); larger ones get 431. */
export const DEFAULT_MAX_HEADER_SIZE = 16 * 1024

/** Largest request body the recording proxy forwards: it is not the proxy's to refuse what the upstream may take. */
export const DEFAULT_RECORD_BODY_LIMIT = 16 * 1024 * 1024
