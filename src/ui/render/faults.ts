// Faults: the presets, the custom fault form as data (what was typed -> the rule POST /__admin/faults takes),
// and the list of faults in force, each in words with a button to remove it.
import type { AdminFault, AdminFaultRequest } from '../../generated/types.js'
import { html, type Html } from './html.js'

export const FAULT_PRESETS: Readonly<Record<string, AdminFaultRequest>> = {
  'fetch-500': { route: 'fetch', status: 500, times: 3 },
  'fetch-slow': { route: 'fetch', delay_ms: 800 },
  'events-503': { route: 'events', status: 503, times: 1 }
}

/** A fault rule in words: "fetch: 500, 3 left", "fetch: +800 ms". */
export function describeFault (f: AdminFault): string {
  const r = f.rule
  const what = [
    r.delay_ms === undefined ? '' : `+${r.delay_ms} ms`,
    r.status === undefined ? '' : String(r.status),
    r.reset_connection === true ? 'connection dropped' : '',
    r.probability === undefined ? '' : `${Math.round(r.probability * 100)} % of the time`
  ].filter((x) => x !== '').join(', ')
  const left = f.remaining === undefined ? '' : `, ${f.remaining} left`
  const scope = [r.workspace, r.environment].filter((s) => s !== undefined).join(', ')
  return `${r.route ?? 'every route'}${scope === '' ? '' : ` (${scope})`}: ${what === '' ? 'no change' : what}${left}; applied ${f.applied}×`
}

export function faultList (faults: readonly AdminFault[]): Html {
  if (faults.length === 0) return html`<p class="empty">No fault: every request is answered normally.</p>`
  return html`<ul class="faults">${faults.map((f) => html`<li data-fault="${f.id}">
    <span>fault ${f.id}: ${describeFault(f)}</span>
    <button type="button" class="remove-fault" data-fault-id="${f.id}" aria-label="Remove fault ${f.id}">Remove</button>
  </li>`)}</ul>`
}

/** The custom fault form as typed: every field a string ('' when left empty). */
export interface FaultForm {
  route: string
  workspace: string
  status: string
  delayMs: string
  /** Percent of matching requests, 1-100. */
  probability: string
  times: string
  resetConnection: boolean
}

const ROUTES = ['fetch', 'metadata', 'events', 'explain'] as const

/** The rule the form describes, or what is wrong with it (in words, for the page to show). */
export function faultRule (f: FaultForm): { rule: AdminFaultRequest } | { problem: string } {
  const rule: AdminFaultRequest = {}
  const whole = (text: string, name: string, min: number, max: number): number | string | undefined => {
    const t = text.trim()
    if (t === '') return undefined
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) return `${name} must be a whole number from ${min} to ${max}`
    return Number(t)
  }
  if (f.route !== '') {
    if (!(ROUTES as readonly string[]).includes(f.route)) return { problem: `route must be one of ${ROUTES.join(', ')}` }
    rule.route = f.route as (typeof ROUTES)[number]
  }
  if (f.workspace.trim() !== '') rule.workspace = f.workspace.trim()
  const fields = [
    ['status', whole(f.status, 'status', 400, 599)],
    ['delay_ms', whole(f.delayMs, 'delay', 0, 120_000)],
    ['probability', whole(f.probability, 'probability', 1, 100)],
    ['times', whole(f.times, 'times', 1, 1_000_000)]
  ] as const
  for (const [key, value] of fields) {
    if (typeof value === 'string') return { problem: value }
    if (value !== undefined) rule[key] = key === 'probability' ? value / 100 : value
  }
  if (f.resetConnection) rule.reset_connection = true
  if (rule.status === undefined && rule.delay_ms === undefined && rule.reset_connection !== true) {
    return { problem: 'give a status, a delay or drop the connection: the fault has to do something' }
  }
  if (rule.status !== undefined && rule.reset_connection === true) return { problem: 'a dropped connection has no status: choose one of the two' }
  return { rule }
}
