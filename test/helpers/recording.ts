// A recording session for tests: a mock started as the "upstream" (the real API's stand-in), a recording proxy in
// front of it, and raw HTTP calls that go through either.
import type { AddressInfo } from 'node:net'
import type { Recording } from '../../src/generated/types.js'
import { Recorder } from '../../src/record/recording.js'
import { buildRecordingProxy } from '../../src/server/recording-proxy.js'
import { startMockServer, type RunningMock, type StartOptions } from '../../src/server/start.js'
import { authHeaders, DEMO, type Teardown } from './server.js'

export interface Call {
  method?: 'GET' | 'POST'
  /** Under /v1, e.g. /experiences/fetch. */
  path: string
  body?: unknown
  headers?: Record<string, string>
}

export interface Answer {
  status: number
  headers: Headers
  text: string
  json: () => any
}

/** One raw HTTP call to an API root (…/v1), with the demo credentials unless told otherwise. */
export async function call (baseUrl: string, c: Call): Promise<Answer> {
  const res = await fetch(baseUrl + c.path, {
    method: c.method ?? (c.body === undefined ? 'GET' : 'POST'),
    headers: c.headers ?? authHeaders(),
    ...(c.body === undefined ? {} : { body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body) })
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) }
}

export interface Session {
  upstream: RunningMock
  /** The proxy's API root: what the app is pointed at. */
  proxy: string
  recorder: Recorder
  /** The recording so far, as the file would hold it (metadata snapshots still under way are waited for). */
  recording: () => Promise<Recording>
}

export async function recordingSession (t: Teardown, o: { redact?: string[], upstream?: StartOptions } = {}): Promise<Session> {
  const upstream = await startMockServer({ rateLimit: false, ...o.upstream })
  t.teardown(() => upstream.close())
  const recorder = new Recorder({ upstream: upstream.baseUrl, redact: o.redact ?? [], recordedWith: 'test' })
  const app = await buildRecordingProxy({ upstream: upstream.baseUrl, recorder })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const { port } = app.server.address() as AddressInfo
  // The file round trip: what replay reads is what was written.
  const recording = async (): Promise<Recording> => {
    await app.recordingSettled()
    return JSON.parse(JSON.stringify(recorder.recording)) as Recording
  }
  return { upstream, proxy: `http://127.0.0.1:${port}/v1`, recorder, recording }
}

/** Calls an app makes in a session: visitors with different contexts, the metadata, an impression. */
export const VISITS: Call[] = [
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1' }, experience_key: ['homepage-banner', 'email-landing-banner', 'loyalty-offer'], utm_medium: 'email' } },
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-2' }, experience_key: ['homepage-banner', 'email-landing-banner', 'loyalty-offer'], utm_medium: 'email' } },
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-3' }, experience_key: ['homepage-banner', 'checkout-reassurance'] } },
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'visitor-77' }, experience_key: ['geo-shipping-note', 'homepage-banner'], USER_IP_ADDRESS: '203.0.113.9' } },
  { path: '/experiences/fetch', body: { identifiers: { customer_id: 'demo-user-1' } } },
  { path: '/experiences/metadata' },
  { path: '/experiences/metadata?status=Active' }
]

export { DEMO }
