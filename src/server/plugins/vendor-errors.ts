// Every error, including unknown routes, leaves in the vendor's envelope; never Fastify's own shape.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import fp from 'fastify-plugin'
import { VendorError, type ErrorName } from '../errors.js'
import type { IdSource } from '../ids.js'

export interface VendorErrorsOptions {
  ids: IdSource
}

export const vendorErrors = fp(async function vendorErrors (fastify: FastifyInstance, opts: VendorErrorsOptions) {
  fastify.setErrorHandler(function (err: FastifyError, request, reply) {
    const vendor = toVendorError(err)
    if (vendor.statusCode >= 500) request.log.error({ err }, 'request failed')
    return sendVendorError(reply, vendor, opts.ids)
  })

  fastify.setNotFoundHandler(function (_request, reply) {
    return sendVendorError(reply, new VendorError('NOT_FOUND'), opts.ids)
  })
}, { name: 'vendor-errors', fastify: '5.x' })

export function sendVendorError (reply: FastifyReply, vendor: VendorError, ids: IdSource): FastifyReply {
  return reply.code(vendor.statusCode).headers(vendor.headers).send(vendor.envelope(ids.errorCode))
}

/** Maps anything thrown on the way (ours, Fastify's, a bug) to a catalogue entry. */
export function toVendorError (err: FastifyError | VendorError): VendorError {
  if (err instanceof VendorError) return err
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new VendorError('PAYLOAD_TOO_LARGE')
  const status = err.statusCode ?? 500
  if (status >= 400 && status < 500) return new VendorError('BAD_REQUEST')
  return new VendorError('INTERNAL')
}

/** What Node's HTTP parser reports before Fastify sees a request, as catalogue entries (like Node's own handler). */
const PARSER_ERRORS: Readonly<Record<string, ErrorName>> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT'
}

/**
 * Errors Node's HTTP parser finds before Fastify sees a request (headers over the size limit, broken
 * request lines) are answered on the raw socket, in the envelope too. When an earlier request on the same
 * socket (pipelined) is still being answered, writing would hand the client our error as that answer: the
 * socket is closed instead.
 */
export function clientErrorHandler (err: NodeJS.ErrnoException, socket: Duplex): void {
  const answering = (socket as Duplex & { _httpMessage?: unknown })._httpMessage
  if (!socket.writable || err.code === 'ECONNRESET' || (answering !== undefined && answering !== null)) {
    socket.destroy()
    return
  }
  const vendor = new VendorError(PARSER_ERRORS[err.code ?? ''] ?? 'BAD_REQUEST')
  const body = JSON.stringify(vendor.envelope(() => ''))
  socket.end(
    `HTTP/1.1 ${vendor.statusCode} ${STATUS_CODES[vendor.statusCode] ?? ''}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  )
}
