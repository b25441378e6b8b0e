// The OpenAPI 3.1 document of the mock, built at start from schemas/ (every shape is a $ref into them,
// never a second copy). Paths list the vendor's three operations and the mock's own routes.
import { schemaDocuments, type SchemaId } from '../generated/schemas.js'
import { DEFAULT_BEHAVIOUR, type BehaviourSwitches } from '../fixtures/behaviour.js'
import { PACKAGE_VERSION } from '../version.js'
import { applyBehaviour } from './openapi-behaviour.js'

type Json = Record<string, unknown>

/** components.schemas name of each document: its title. */
function componentName (id: SchemaId): string {
  return String(schemaDocuments[id].title)
}

/** Draft-07 document -> OpenAPI 3.1 component: definitions become $defs and every $ref points inside the document. */
function toComponent (id: SchemaId): Json {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (node === null || typeof node !== 'object') return node
    const out: Json = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema' || key === '$id') continue
      if (key === '$ref' && typeof value === 'string') out.$ref = refOf(id, value)
      else out[key === 'definitions' ? '$defs' : key] = rewrite(value)
    }
    return out
  }
  return rewrite(schemaDocuments[id]) as Json
}

function refOf (from: SchemaId, ref: string): string {
  const [file, fragment = ''] = ref.split('#')
  const target = (file === '' ? from : file) as SchemaId
  if (!(target in schemaDocuments)) throw new Error(`${from}: $ref to unknown schema ${ref}`)
  return `#/components/schemas/${componentName(target)}${fragment.replace(/^\/definitions\//, '/$defs/')}`
}

/** A $ref to a schema document, or to a definition inside one. */
export function schemaRef (id: SchemaId, definition?: string): Json {
  return { $ref: `#/components/schemas/${componentName(id)}${definition === undefined ? '' : `/$defs/${definition}`}` }
}

const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } })
const error = (description: string): Json => json(schemaRef('error.schema.json'), description)
const adminError = json(schemaRef('admin.schema.json', 'AdminError'), 'Refused, in the envelope (with the fixture problems when fixtures were refused)')
const vendorErrors: Json = {
  400: error('Request Error (MOE-APPKEY), Malformed JSON or Invalid Field Value'),
  401: error('Authentication required'),
  413: error('Body too large'),
  500: error('Unexpected error, or an injected fault')
}
const appKey = { name: 'MOE-APPKEY', in: 'header', required: true, description: 'The workspace id.', schema: { type: 'string' } }
const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } })

/** The document; under a behaviour (default: every switch at its default), the shapes it changes. */
export function buildOpenApi (behaviour: BehaviourSwitches = DEFAULT_BEHAVIOUR): Json {
  return applyBehaviour(documentOf(), behaviour)
}

function documentOf (): Json {
  const admin = (definition: string, description: string) => json(schemaRef('admin.schema.json', definition), description)
  return {
    openapi: '3.1.0',
    info: {
      title: 'moengage-personalize-mock',
      version: PACKAGE_VERSION,
      description: 'A local twin of the MoEngage Personalize API (/v1), with the mock\'s explain endpoint and admin API.'
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'Workspace id and Personalize API key.' } },
      schemas: Object.fromEntries((Object.keys(schemaDocuments) as SchemaId[]).map((id) => [componentName(id), toComponent(id)]))
    },
    paths: {
      '/v1/experiences/fetch': {
        post: {
          operationId: 'fetchExperience',
          summary: 'Fetch experiences',
          security: [{ basicAuth: [] }],
          parameters: [appKey],
          requestBody: body(schemaRef('fetch-request.schema.json')),
          responses: {
            200: json(schemaRef('fetch-response.schema.json'), 'Served experiences (unknown, unmatched keys omitted)'),
            ...vendorErrors,
            429: error('Rate limit exceeded (body undocumented by the vendor)')
          }
        }
      },
      '/v1/experiences/metadata': {
        get: {
          operationId: 'getMetadata',
          summary: 'Fetch experience metadata',
          security: [{ basicAuth: [] }],
          parameters: [
            appKey,
            {
              name: 'status',
              in: 'query',
              required: false,
              description: 'Comma-separated, case-sensitive: Active, Paused, Scheduled.',
              schema: { type: 'string' }
            }
          ],
          responses: {
            200: json(schemaRef('metadata-response.schema.json'), 'Experiences after the status filter'),
            400: vendorErrors[400],
            401: vendorErrors[401],
            500: vendorErrors[500]
          }
        }
      },
      '/v1/experiences/events': {
        post: {
          operationId: 'reportExperienceEvents',
          summary: 'Track impressions and clicks',
          security: [{ basicAuth: [] }],
          parameters: [appKey],
          requestBody: body(schemaRef('events-request.schema.json')),
          responses: { 200: json(schemaRef('events-response.schema.json'), 'Accepted'), ...vendorErrors }
        }
      },
      '/__mock/explain': {
        post: {
          operationId: 'explainFetch',
          summary: 'Why each experience is or is not served (mock only)',
          security: [{ basicAuth: [] }],
          parameters: [appKey],
          requestBody: body(schemaRef('fetch-request.schema.json')),
          responses: { 200: json(schemaRef('explain-response.schema.json'), 'The decision trace and the fetch response'), ...vendorErrors }
        }
      },
      '/__admin/health': { get: { operationId: 'adminHealth', responses: { 200: admin('Health', 'Up'), 403: adminError } } },
      '/__admin/reset': {
        post: {
          operationId: 'adminReset',
          responses: { 200: admin('Reset', 'Journals, faults, clock and rate limit cleared; fixtures as loaded at start'), 403: adminError }
        }
      },
      '/__admin/fixtures': {
        get: { operationId: 'adminGetFixtures', responses: { 200: json(schemaRef('fixtures.schema.json'), 'The fixtures served now'), 403: adminError } },
        put: {
          operationId: 'adminPutFixtures',
          requestBody: body(schemaRef('fixtures.schema.json')),
          responses: { 200: admin('FixturesAccepted', 'Loaded'), 400: adminError, 403: adminError }
        }
      },
      '/__admin/experiences': {
        get: {
          operationId: 'adminExperiences',
          responses: { 200: admin('Experiences', 'Every experience as compiled, and whether it can be served now'), 403: adminError }
        }
      },
      '/__admin/workspaces/{id}': {
        put: {
          operationId: 'adminPutWorkspace',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: body(schemaRef('fixtures.schema.json', 'Workspace')),
          responses: { 200: admin('FixturesAccepted', 'Loaded'), 400: adminError, 403: adminError }
        }
      },
      '/__admin/events': {
        get: {
          operationId: 'adminEvents',
          parameters: queryParameters('workspace', 'environment', 'customer_id', 'action', 'experience_key', 'since', 'last'),
          responses: { 200: admin('EventsJournal', 'Tracked events, in order, with their context check'), 400: adminError, 403: adminError }
        }
      },
      '/__admin/users': {
        get: {
          operationId: 'adminUsers',
          parameters: queryParameters('workspace', 'environment', 'last'),
          responses: { 200: admin('Users', 'The users accepted events made or changed'), 400: adminError, 403: adminError }
        }
      },
      '/__admin/users/{customer_id}': {
        get: {
          operationId: 'adminUser',
          parameters: [{ name: 'customer_id', in: 'path', required: true, schema: { type: 'string' } }, ...queryParameters('workspace', 'environment')],
          responses: { 200: admin('User', 'The user as the mock sees them now'), 400: adminError, 403: adminError, 404: adminError }
        }
      },
      '/__admin/requests': {
        get: {
          operationId: 'adminRequests',
          parameters: queryParameters('route', 'status', 'workspace', 'customer', 'since', 'last'),
          responses: { 200: admin('RequestsJournal', 'The last requests, filtered'), 400: adminError, 403: adminError }
        }
      },
      '/__admin/requests/{seq}': {
        get: {
          operationId: 'adminRequest',
          parameters: [{ name: 'seq', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }, ...queryParameters('against')],
          responses: {
            200: admin('RequestDetail', 'The request as answered, and for a fetch its decision explained'),
            400: adminError,
            403: adminError,
            404: adminError
          }
        }
      },
      '/__admin/faults': {
        get: { operationId: 'adminFaults', responses: { 200: admin('FaultList', 'Active faults'), 403: adminError } },
        post: {
          operationId: 'adminAddFault',
          requestBody: body(schemaRef('admin.schema.json', 'FaultRequest')),
          responses: { 201: admin('Fault', 'Added'), 400: adminError, 403: adminError }
        },
        delete: { operationId: 'adminClearFaults', responses: { 200: admin('FaultList', 'Cleared'), 403: adminError } }
      },
      '/__admin/faults/{id}': {
        delete: {
          operationId: 'adminRemoveFault',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }],
          responses: { 200: admin('FaultList', 'Removed; the faults left'), 400: adminError, 403: adminError, 404: adminError }
        }
      },
      '/__admin/clock': {
        get: { operationId: 'adminClock', responses: { 200: admin('ClockState', 'The clock'), 403: adminError } },
        put: {
          operationId: 'adminSetClock',
          requestBody: body(schemaRef('admin.schema.json', 'ClockRequest')),
          responses: { 200: admin('ClockState', 'Set'), 400: adminError, 403: adminError }
        },
        delete: { operationId: 'adminReleaseClock', responses: { 200: admin('ClockState', 'Back to real time'), 403: adminError } }
      },
      '/__ui': { get: debuggingPage('debuggingPage') },
      '/__ui/': { get: debuggingPage('debuggingPageSlash') },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          responses: { 200: { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } } }
        }
      }
    }
  }
}

/** GET /__ui, with or without the trailing slash. */
function debuggingPage (operationId: string): Record<string, unknown> {
  return {
    operationId,
    summary: 'The debugging page (HTML; same access rule as the admin API, the token also as ?token=)',
    parameters: [{ name: 'token', in: 'query', required: false, schema: { type: 'string' } }],
    responses: {
      200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } },
      403: adminError,
      503: error('The page is not built')
    }
  }
}

function queryParameters (...names: string[]): Array<Record<string, unknown>> {
  return names.map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }))
}
