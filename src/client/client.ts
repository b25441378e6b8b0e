// createPersonalizeClient: the three Personalize calls, typed with the generated shapes.
import type { EventsRequest, EventsResponse, ExperienceStatus, FetchRequest, FetchResponse, MetadataResponse } from '../generated/types.js'
import { resolveClientConfig, type ClientConfig, type ClientOptions } from './config.js'
import { PersonalizeApiError } from './errors.js'
import { redactor } from './redact.js'
import { send, type RawRequest, type RawResponse } from './transport.js'

export interface PersonalizeClient {
  readonly config: Readonly<Omit<ClientConfig, 'apiKey'>>
  /** POST /experiences/fetch */
  fetchExperiences: (body: FetchRequest) => Promise<FetchResponse>
  /** GET /experiences/metadata, optionally filtered by status ("Active,Paused" or a list). */
  getMetadata: (status?: string | readonly ExperienceStatus[]) => Promise<MetadataResponse>
  /** POST /experiences/events. A retry resends the same body, so the same moe_event_uuids. */
  trackEvents: (body: EventsRequest) => Promise<EventsResponse>
  /** Any exchange, answered whatever the status (for tests that send broken requests on purpose). */
  request: (req: RawRequest) => Promise<RawResponse>
}

export function createPersonalizeClient (options: ClientOptions): PersonalizeClient {
  const config = resolveClientConfig(options)
  const redact = redactor(config.workspaceId, config.apiKey)
  const call = async <T>(req: RawRequest): Promise<T> => {
    const res = await send(config, req)
    // A server that echoes the request must not put the key into the caller's logs.
    if (res.status < 200 || res.status > 299) throw new PersonalizeApiError(res.status, redact(res.text))
    if (res.json === undefined) {
      throw new PersonalizeApiError(res.status, JSON.stringify({ title: 'Invalid response', description: 'a 2xx answer whose body is not JSON' }))
    }
    return res.json as T
  }
  const { apiKey: _secret, ...visible } = config
  return {
    config: Object.freeze(visible),
    fetchExperiences: (body) => call<FetchResponse>({ method: 'POST', path: '/experiences/fetch', body: JSON.stringify(body) }),
    getMetadata: (status) => {
      // No status (or an empty one) means every experience: the parameter is left out, since the API
      // reads "status=" as an unknown status.
      const list = status === undefined ? '' : typeof status === 'string' ? status : status.join(',')
      return call<MetadataResponse>({
        method: 'GET',
        path: '/experiences/metadata',
        ...(list === '' ? {} : { query: `status=${encodeURIComponent(list).replace(/%2C/gi, ',')}` })
      })
    },
    trackEvents: (body) => call<EventsResponse>({ method: 'POST', path: '/experiences/events', body: JSON.stringify(body) }),
    request: (req) => send(config, req)
  }
}
