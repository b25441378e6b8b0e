// Sections 3 and 4: the event journal (each event with its context-check badge) and the request journal.
import type { AdminFault, Environment, JournalEvent, JournalRequest } from '../../generated/types.js'
import { classes, html, type Html } from './html.js'

const CHECK_TEXT: Readonly<Record<JournalEvent['context_check'], string>> = {
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

const clockTime = (iso: string): string => iso.slice(11, 23)

/** A table's header row: one column per name. */
const headRow = (names: readonly string[]): Html => html`<thead><tr>${names.map((n) => html`<th>${n}</th>`)}</tr></thead>`

export function eventRow (e: JournalEvent): Html {
  const check = classes('badge', `check-${e.context_check}`, { ok: e.context_check === 'ok', off: e.context_check !== 'ok' })
  return html`<tr data-seq="${e.seq}">
    <td>${e.seq}</td>
    <td>${clockTime(e.received_at)}</td>
    <td>${e.customer_id}${environmentBadge(e.environment)}</td>
    <td>${e.action === 'MOE_PERSONALIZATION_MESSAGE_SHOWN' ? 'impression' : 'click'}</td>
    <td><code>${e.experience_key ?? '?'}</code></td>
    <td>${e.attributes.moe_variation_id}</td>
    <td><span class="${check}" title="context check: ${e.context_check}">${CHECK_TEXT[e.context_check]}</span></td>
    <td>${e.duplicates > 0 ? `×${e.duplicates + 1}` : ''}</td>
  </tr>`
}

export function eventsTable (events: readonly JournalEvent[], filter: string): Html {
  const shown = filterEvents(events, filter).reverse()
  if (shown.length === 0) {
    const why = events.length === 0 ? 'No events yet: impressions and clicks the app sends appear here.' : 'No event of that customer.'
    return html`<p class="empty">${why}</p>`
  }
  const head = headRow(['#', 'received', 'customer', 'action', 'experience', 'variation', 'context', 'dup'])
  return html`<table class="events">${head}<tbody>${shown.map(eventRow)}</tbody></table>`
}

/** Marks what reached a Test environment (MOE-APPKEY <id>_DEBUG); Live goes unmarked. */
export function environmentBadge (environment: Environment | undefined): Html {
  return environment === 'test' ? html` <span class="badge env-test" title="Test environment (MOE-APPKEY ending in _DEBUG)">test</span>` : html``
}

const statusClass = (status: number): string => status === 0 ? 'dropped' : `s${Math.floor(status / 100)}xx`

export function requestRow (r: JournalRequest): Html {
  return html`<tr data-seq="${r.seq}">
    <td>${r.seq}</td>
    <td>${clockTime(r.received_at)}</td>
    <td>${r.method}</td>
    <td><code>${r.path}</code>${environmentBadge(r.environment)}</td>
    <td><span class="${classes('status', statusClass(r.status))}">${r.status === 0 ? 'dropped' : r.status}</span></td>
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

export function requestsTable (requests: readonly JournalRequest[]): Html {
  if (requests.length === 0) return html`<p class="empty">No requests yet.</p>`
  const head = headRow(['#', 'received', 'method', 'path', 'status', 'took', ''])
  return html`<table class="requests">${head}<tbody>${[...requests].reverse().map(requestRow)}</tbody></table>`
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
  return html`<ul class="faults">${faults.map((f) => html`<li data-fault="${f.id}">${describeFault(f)}</li>`)}</ul>`
}
