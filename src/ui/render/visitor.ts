// Section 2's form, as data: what the developer typed -> the fetch request body the app would send.
import type { FetchRequest } from '../../generated/types.js'
import { setOwn } from '../../validation/json.js'

export { DAY_NAMES, HOUR_NAMES } from '../../vendor/session-names.js'

/** User agents for the preset buttons: one phone, one tablet, one desktop browser. */
export const UA_PRESETS = {
  phone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  tablet: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  desktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
} as const

export interface VisitorForm {
  customerId: string
  /** u_em, u_mb … -> value; empty values are left out. */
  identifiers: Readonly<Record<string, string>>
  /** Experience keys to ask for; none: every experience. */
  keys: readonly string[]
  /** '' leaves the day to the mock's clock. */
  day: string
  /** '' or "00"-"23". */
  hour: string
  ip: string
  userAgent: string
  /** In-session keys such as utm_medium, as typed; rows with an empty name or value are left out. */
  custom: ReadonlyArray<readonly [string, string]>
}

/** The fetch body: only what was filled in, as the app would send it. */
export function visitorRequest (f: VisitorForm): FetchRequest {
  const body: Record<string, unknown> = {}
  const ids = Object.fromEntries(Object.entries(f.identifiers).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''))
  const customerId = f.customerId.trim()
  if (customerId !== '' || Object.keys(ids).length > 0) {
    body.identifiers = { ...(customerId === '' ? {} : { customer_id: customerId }), ...(Object.keys(ids).length === 0 ? {} : { user_identifiers: ids }) }
  }
  if (f.keys.length > 0) body.experience_key = [...f.keys]
  if (f.day !== '') body.DAY_OF_THE_WEEK = f.day
  if (f.hour !== '') body.TIME_OF_THE_DAY = f.hour
  if (f.ip.trim() !== '') body.USER_IP_ADDRESS = f.ip.trim()
  if (f.userAgent.trim() !== '') body.USER_AGENT = f.userAgent.trim()
  for (const [name, value] of f.custom) {
    const key = name.trim()
    // Own property, whatever the name (a key named __proto__ is data here too).
    if (key !== '' && value !== '') setOwn(body, key, value)
  }
  return body as FetchRequest
}

const FORM_KEYS = new Set(['identifiers', 'experience_key', 'DAY_OF_THE_WEEK', 'TIME_OF_THE_DAY', 'USER_IP_ADDRESS', 'USER_AGENT'])

/**
 * The form that sends `body` again ("simulate this again" on a journal entry): the inverse of visitorRequest.
 * What the form cannot hold (another user identifier, an in-session value that is not a string, a body that is
 * not JSON) is listed in `left_out`, so the page can say so.
 */
export function visitorForm (body: string | null): { form: VisitorForm, leftOut: string[] } {
  const form: VisitorForm = { customerId: '', identifiers: { u_em: '', u_mb: '' }, keys: [], day: '', hour: '', ip: '', userAgent: '', custom: [] }
  const leftOut: string[] = []
  let parsed: unknown
  try {
    parsed = JSON.parse(body ?? '{}')
  } catch {
    return { form, leftOut: ['the body (not JSON)'] }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { form, leftOut: ['the body (not a JSON object)'] }
  const b = parsed as Record<string, unknown>
  const text = (v: unknown): string => typeof v === 'string' ? v : ''
  const ids = (b.identifiers ?? {}) as Record<string, unknown>
  form.customerId = text(ids.customer_id)
  const userIds = (ids.user_identifiers ?? {}) as Record<string, unknown>
  form.identifiers = { u_em: text(userIds.u_em), u_mb: text(userIds.u_mb) }
  for (const k of Object.keys(userIds)) if (k !== 'u_em' && k !== 'u_mb') leftOut.push(`user identifier ${k}`)
  if (Array.isArray(b.experience_key)) form.keys = b.experience_key.filter((k): k is string => typeof k === 'string')
  else if (typeof b.experience_key === 'string') form.keys = [b.experience_key]
  form.day = text(b.DAY_OF_THE_WEEK)
  form.hour = text(b.TIME_OF_THE_DAY)
  form.ip = text(b.USER_IP_ADDRESS)
  form.userAgent = text(b.USER_AGENT)
  const custom: Array<readonly [string, string]> = []
  for (const [k, v] of Object.entries(b)) {
    if (FORM_KEYS.has(k)) continue
    if (typeof v === 'string') custom.push([k, v])
    else leftOut.push(`in-session ${k} (not a string)`)
  }
  form.custom = custom
  return { form, leftOut }
}
