// Bodies are decoded as strict UTF-8 JSON whatever the Content-Type says (the vendor's samples always
// send application/json; the mock does not refuse other types). Anything undecodable, and an empty
// body where one is required, is the vendor's "Malformed JSON"; so is a body nested deeper than MAX_JSON_DEPTH,
// which no Personalize call needs and which would exhaust the stack of whatever walks it later (journals,
// explanations, logs). The Personalize routes that declare a body (config.body) require one: `requiredBody`.
import type { FastifyBodyParser, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { VendorError } from '../errors.js'
import { parsedTooDeep } from '../../validation/json.js'
import { BODY_LIMIT_IN_JOURNAL } from '../journal/request-journal.js'
import { routeStage, type StageHook } from './route-stage.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's body: required (requiredBody), and checked by the workspace's rules for that kind (body-validation). */
    body?: 'fetch' | 'events'
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The body as text; undefined when it is not UTF-8. */
export function utf8Text (raw: Buffer): string | undefined {
  try {
    return utf8.decode(raw)
  } catch {
    return undefined
  }
}

function parseJsonText (text: string | undefined): unknown {
  if (text === undefined || text === '') throw new VendorError('MALFORMED_JSON')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new VendorError('MALFORMED_JSON')
  }
  if (parsedTooDeep(text, value)) throw new VendorError('MALFORMED_JSON')
  return value
}

export const jsonBody = fp(async function jsonBody (fastify: FastifyInstance) {
  fastify.removeAllContentTypeParsers()
  const parse: FastifyBodyParser<Buffer> = (req, raw, done) => {
    const text = utf8Text(raw)
    // Kept for the request journal: the text as decoded (lossy when it is not UTF-8), cut at its limit. A cut text is
    // decoded afresh from the bytes, so the journal never holds on to the whole body behind a slice of it.
    const whole = text !== undefined && text.length <= BODY_LIMIT_IN_JOURNAL
    req.rawBodyText = whole ? text : raw.toString('utf8', 0, BODY_LIMIT_IN_JOURNAL)
    try {
      // No body at all is left to the route: fetch and events refuse it (Malformed JSON), others do not read it.
      done(null, text === '' ? undefined : parseJsonText(text))
    } catch (err) {
      done(err as VendorError, undefined)
    }
  }
  // Registered for JSON by name as well: Fastify caches the parser it finds for a named type, but looks the catch-all
  // up afresh for every request (parsing the header again).
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, parse)
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, parse)
}, { name: 'json-body', fastify: '5.x' })

/** preValidation hook for routes whose body is required: a request that sent none is Malformed JSON. */
export const requireBody: StageHook = function bodyRequired (request, _reply, done) {
  done(request.body === undefined ? new VendorError('MALFORMED_JSON') : undefined)
}

/** The body stage of the Personalize routes: a route that declares a body (config.body) requires one. */
export const requiredBody = fp(async function requiredBody (fastify: FastifyInstance) {
  routeStage(fastify, 'preValidation', ({ body }) => body === undefined ? undefined : requireBody)
}, { name: 'required-body', fastify: '5.x' })
