// The OpenAPI document under a behaviour: where a switch changes a shape (what a request may hold, how a payload
// value travels, which operations answer), the document's components and paths say what this mock accepts and
// sends. The behaviour in force is listed in info.x-behaviour; a workspace's own switches are in /__admin/health.
import { schemaDocuments, type SchemaId } from '../generated/schemas.js'
import type { BehaviourSwitches } from '../fixtures/behaviour.js'
import { MILLISECONDS_MAX } from '../fixtures/request-rules.js'

type Json = Record<string, any>

const component = (doc: Json, id: SchemaId): Json => doc.components.schemas[String(schemaDocuments[id].title)]

/** Changes `doc` (a fresh document) to what the mock does under `b`. */
export function applyBehaviour (doc: Json, b: BehaviourSwitches): Json {
  doc.info['x-behaviour'] = b
  const fetch = component(doc, 'fetch-request.schema.json')
  const action = component(doc, 'events-request.schema.json').$defs.EventAction
  if (b.payload_values === 'native') component(doc, 'common.schema.json').$defs.PayloadVariable.properties.value.type.push('number', 'boolean')
  if (b.keys_over_limit === 'reject') fetch.properties.experience_key.maxItems = fetch.properties.experience_key['x-served-max-items']
  if (b.user_identifiers_string === 'accept') {
    const object = fetch.properties.identifiers.properties.user_identifiers
    fetch.properties.identifiers.properties.user_identifiers = { anyOf: [object, { type: 'string', description: 'Accepted; names no user.' }] }
  }
  if (b.events_platform_missing === 'reject') action.required.push('platform')
  if (b.events_platform_unsupported === 'unknown') delete action.properties.platform.pattern
  if (b.event_time_milliseconds === 'accept') action.properties.event_time.maximum = MILLISECONDS_MAX
  if (b.metadata_post === 'serve') {
    const metadata = doc.paths['/v1/experiences/metadata']
    metadata.post = {
      ...metadata.get,
      operationId: `${String(metadata.get.operationId)}ByPost`,
      summary: `${String(metadata.get.summary)} (POST, as an old vendor spec declared it)`
    }
  }
  return doc
}
