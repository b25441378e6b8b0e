// The event journal (each event with its context-check badge) and the request journal. Rows are rendered one
// at a time so the page can insert new ones without redrawing the table (src/ui/browser/keyed.ts).
import type { Environment, JournalEvent, JournalRequest } from '../../generated/types.js'
import { classes, html, type Html } from './html.js'
import { formatInstant } from './time.js'

export const CHECK_TEXT: Readonly<Record<JournalEvent['context_check'], string>> = {
  ok: 'ok',
  unknown_cid: 'unknown cid',
  customer_mismatch: 'customer mismatch',
  audience_mismatch: 'audience mismatch',
  variation_mismatch: 'variation mismatch'
}

/** Events whose customer id contains `filter` (any case); all of them for an empty filter. */
export function filterEvents (events: readonly JournalEvent[], filter: string): JournalEvent[] {
  const wanted = filter.trim().toLowerCase()
  return wanted === '' ? [...events] : events.filter((e) => e.customer_id.toLowerCase().includes(wanted))
}

/** A table with its header row and `rows` (none: an empty body for rows to go in); `label` names it for screen readers. */
export function tableShell (className: string, label: string, columns: readonly string[], rows: readonly Html[] = []): Html {
  const head = html`<thead><tr>${columns.map((n) => html`<th scope="col">${n}</th>`)}</tr></thead>`
  return html`<table class="${className}"><caption class="visually-hidden">${label}</caption>${head}<tbody>${rows}</tbody></table>`
}

export const EVENT_COLUMNS = ['#', 'received', 'customer', 'action', 'experience', 'variation', 'context', 'dup'] as const
export const REQUEST_COLUMNS = ['#', 'received', 'request', 'status', 'took', 'notes'] as const

const ACTIONS: Readonly<Record<string, string>> = { MOE_PERSONALIZATION_MESSAGE_SHOWN: 'impression', MOE_PERSONALIZATION_MESSAGE_CLICKED: 'click' }
export const actionText = (action: string): string => ACTIONS[action] ?? action

export function checkBadge (check: JournalEvent['context_check']): Html {
  const badge = classes('badge', `check-${check}`, { ok: check === 'ok', off: check !== 'ok' })
  return html`<span class="${badge}" title="context check: ${check}">${CHECK_TEXT[check]}</span>`
}

export function eventRow (e: JournalEvent, zone: string): Html {
  return html`<tr data-seq="${e.seq}">
    <td>${e.seq}</td>
    <td class="when">${formatInstant(e.received_at, zone, { seconds: true })}</td>
    <td>${e.customer_id}${environmentBadge(e.environment)}</td>
    <td>${actionText(e.action)}</td>
    <td><code>${e.experience_key ?? '?'}</code></td>
    <td>${e.attributes.moe_variation_id}</td>
    <td>${checkBadge(e.context_check)}</td>
    <td>${e.duplicates > 0 ? `×${e.duplicates + 1}` : ''}</td>
  </tr>`
}

/** One sentence for the live region: "New event 3: impression by demo-user-2 on email-landing-banner, context ok." */
export function eventAnnouncement (e: JournalEvent): string {
  const on = e.experience_key ?? 'an unknown experience'
  return `New event ${e.seq}: ${actionText(e.action)} by ${e.customer_id} on ${on}, context ${CHECK_TEXT[e.context_check]}.`
}

export function eventsTable (events: readonly JournalEvent[], filter: string, zone: string): Html {
  const shown = filterEvents(events, filter).reverse()
  if (shown.length === 0) return html`<p class="empty">${emptyEvents(events.length, filter)}</p>`
  return tableShell('events', 'Events, newest first', EVENT_COLUMNS, shown.map((e) => eventRow(e, zone)))
}

export function emptyEvents (total: number, filter: string): string {
  return total === 0 || filter.trim() === '' ? 'No events yet: impressions and clicks the app sends appear here.' : 'No event of that customer.'
}

/** Marks what reached a Test environment (MOE-APPKEY <id>_DEBUG); Live goes unmarked. */
export function environmentBadge (environment: Environment | undefined): Html {
  return environment === 'test' ? html` <span class="badge env-test" title="Test environment (MOE-APPKEY ending in _DEBUG)">test</span>` : html``
}

export const statusClass = (status: number): string => status === 0 ? 'dropped' : `s${Math.floor(status / 100)}xx`
export const statusText = (status: number): string => status === 0 ? 'dropped' : String(status)

export function requestRow (r: JournalRequest, zone: string): Html {
  return html`<tr data-seq="${r.seq}">
    <td>${r.seq}</td>
    <td class="when">${formatInstant(r.received_at, zone, { seconds: true })}</td>
    <td><button type="button" class="inspect" data-seq="${r.seq}" aria-label="Inspect request ${r.seq}: ${r.method} ${r.path}">
      ${r.method} <code>${r.path}</code></button>${environmentBadge(r.environment)}</td>
    <td><span class="${classes('status', statusClass(r.status))}">${statusText(r.status)}</span></td>
    <td>${r.duration_ms.toFixed(1)} ms</td>
    <td>${requestNote(r)}</td>
  </tr>`
}

/** What else happened to a request: the fault applied, what replay made of it. */
function requestNote (r: JournalRequest): Html {
  const notes: Html[] = []
  if (r.fault !== undefined) notes.push(html`fault ${r.fault}`)
  if (r.replay?.outcome === 'matched') notes.push(html`replayed #${r.replay.interaction ?? ''}`)
  if (r.replay?.outcome === 'unmatched') {
    const differences = (r.replay.differences ?? []).join('\n')
    const closest = r.replay.nearest === undefined ? '' : ` (closest #${r.replay.nearest})`
    notes.push(html`<span class="off" title="${differences}">not recorded${closest}</span>`)
  }
  return html`${notes.map((n, i) => i === 0 ? n : html`, ${n}`)}`
}

export function requestsTable (requests: readonly JournalRequest[], zone: string): Html {
  if (requests.length === 0) return html`<p class="empty">No requests yet.</p>`
  return tableShell('requests', 'Requests, newest first', REQUEST_COLUMNS, [...requests].reverse().map((r) => requestRow(r, zone)))
}
