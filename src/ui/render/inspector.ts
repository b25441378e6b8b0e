// The request inspector: one journal entry in full (GET /__admin/requests/:seq). What was sent, what was
// answered, the fault that hit it, what replay made of it; for a fetch the decision trace as it was when
// answered, with the fixture set and clock then in force; for an events call, each element's context check.
import type { AdminAudienceView, AdminFault, ContextCheck, ExplainResponse, JournalRequest } from '../../generated/types.js'
import { describeFault } from './faults.js'
import { classes, html, type Html } from './html.js'
import { actionText, checkBadge, environmentBadge, statusClass, statusText } from './journals.js'
import { formatInstant } from './time.js'
import { traceView } from './trace.js'

/** One action of an events call as the mock checked it; served/reported only for a mismatch. */
export interface InspectedAction {
  action: string
  customer_id: string
  experience_key?: string
  context_check: ContextCheck
  /** Seq of the event in the event journal (absent when the element was refused). */
  event_seq?: number
  served?: Record<string, unknown>
  reported?: Record<string, unknown>
}

export interface RequestDetail extends Omit<JournalRequest, 'fault'> {
  response: { status: number, body: string | null }
  fault: AdminFault | null
  decision?: {
    fixtures: { generation: number, current: number }
    clock: string
    explain: ExplainResponse
  }
  elements?: InspectedAction[]
}

export interface InspectorContext {
  zone: string
  audiencesOf: (key: string) => readonly AdminAudienceView[] | undefined
  /** The same request explained against today's fixtures, once asked for. */
  today?: ExplainResponse
}

const isFetch = (d: { path: string }): boolean => d.path.split('?')[0] === '/v1/experiences/fetch'

/** What a fault did to a request: answered it (status or a dropped connection), or only delayed it. */
export function faultNotice (fault: AdminFault): Html {
  const r = fault.rule
  const answered = r.status !== undefined || r.reset_connection === true
  const what = answered
    ? html`<strong>Fault ${fault.id} answered this request</strong> (${describeFault(fault)}): the app got the fault's answer, not the fixtures'.`
    : html`<strong>Fault ${fault.id} delayed this request</strong> (${describeFault(fault)}); the answer itself is the fixtures'.`
  return html`<p class="${classes('notice', { fault: answered })}">${what}</p>`
}

function replayNotice (replay: NonNullable<JournalRequest['replay']>): Html {
  if (replay.outcome === 'matched') return html`<p class="notice">Replay: answered with recorded interaction #${replay.interaction ?? '?'}.</p>`
  const closest = replay.nearest === undefined ? '' : ` The closest recorded one is #${replay.nearest}:`
  return html`<div class="notice"><p>Replay: the recording holds no such request.${closest}</p>
    ${(replay.differences ?? []).length === 0 ? '' : html`<ul>${(replay.differences ?? []).map((d) => html`<li><code>${d}</code></li>`)}</ul>`}</div>`
}

/** A block of text that may be wide or long: scrolls on its own, and can be reached from the keyboard to do so. */
export function codeBlock (text: string, label: string): Html {
  return html`<pre class="json" tabindex="0" role="region" aria-label="${label}">${text}</pre>`
}

function headerList (headers: Readonly<Record<string, string>>): Html {
  const names = Object.keys(headers).sort()
  if (names.length === 0) return html`<p class="empty">No headers.</p>`
  return html`<dl class="headers">${names.map((n) => html`<dt>${n}</dt><dd><code>${headers[n]}</code></dd>`)}</dl>`
}

/** JSON indented for reading; any other text as it is. */
export function prettyJson (text: string | null): string {
  if (text === null) return ''
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

function decisionSection (d: NonNullable<RequestDetail['decision']>, fault: AdminFault | null, c: InspectorContext): Html {
  const stale = d.fixtures.generation !== d.fixtures.current
  const when = html`Answered with fixture set ${d.fixtures.generation} at mock clock ${formatInstant(d.clock, 'UTC', { seconds: true })}.`
  const staleNote = stale
    ? html`<p class="notice stale">The fixtures were replaced since (now set ${d.fixtures.current}): the trace below is as it was when answered.
      <button type="button" class="explain-today">Explain against today's fixtures</button></p>`
    : html`<p class="muted">Those are still the fixtures in force.</p>`
  const faulted = fault !== null && (fault.rule.status !== undefined || fault.rule.reset_connection === true)
  const caveat = faulted ? html`<p class="notice fault">A fault answered, so the app did not get this: it is what the fixtures would have answered.</p>` : ''
  const today = c.today === undefined
    ? ''
    : html`<section class="today" aria-labelledby="today-title"><h4 id="today-title">Against today's fixtures (set ${d.fixtures.current})</h4>
      ${traceView(c.today, c.audiencesOf, { level: 5, zone: c.zone })}</section>`
  return html`<section class="decision" aria-labelledby="decision-title">
    <h4 id="decision-title">Decision trace, as answered</h4>
    <p>${when}</p>${staleNote}${caveat}
    ${traceView(d.explain, stale ? () => undefined : c.audiencesOf, { level: 5, zone: c.zone })}
  </section>${today}`
}

const variationOf = (context: Record<string, unknown> | undefined): string => {
  if (context === undefined) return ''
  return ['experience_key', 'audience_id', 'moe_variation_id', 'cid']
    .filter((k) => context[k] !== undefined)
    .map((k) => `${k} ${typeof context[k] === 'string' ? context[k] as string : JSON.stringify(context[k])}`)
    .join(', ')
}

function elementsSection (actions: readonly InspectedAction[]): Html {
  if (actions.length === 0) return html`<section aria-labelledby="elements-title"><h4 id="elements-title">Events</h4><p class="empty">No action.</p></section>`
  const rows = actions.map((a) => html`<tr>
    <td>${a.event_seq ?? ''}</td>
    <td>${a.customer_id}</td>
    <td>${actionText(a.action)}</td>
    <td><code>${a.experience_key ?? '?'}</code></td>
    <td>${checkBadge(a.context_check)}</td>
    <td>${a.context_check === 'ok' ? '' : html`served: ${variationOf(a.served) || 'nothing'}<br>reported: ${variationOf(a.reported) || 'nothing'}`}</td>
  </tr>`)
  return html`<section aria-labelledby="elements-title"><h4 id="elements-title">Events</h4>
    <div class="scroll" tabindex="0" role="region" aria-label="Events of this call"><table class="elements">
      <thead><tr><th scope="col">event</th><th scope="col">customer</th><th scope="col">action</th><th scope="col">experience</th>
      <th scope="col">context</th><th scope="col">served vs reported</th></tr></thead>
      <tbody>${rows}</tbody></table></div></section>`
}

/** The whole inspector for one request. */
export function requestDetail (d: RequestDetail, c: InspectorContext): Html {
  const status = html`<span class="${classes('status', statusClass(d.response.status))}">${statusText(d.response.status)}</span>`
  const workspace = d.workspace === null ? 'no MOE-APPKEY' : html`<code>${d.workspace}</code>${environmentBadge(d.environment)}`
  return html`<article class="inspector-body" data-seq="${d.seq}">
    <h3 id="inspector-title" tabindex="-1">Request ${d.seq}: ${d.method} <code>${d.path}</code></h3>
    <p class="muted">received ${formatInstant(d.received_at, c.zone, { seconds: true })}, took ${d.duration_ms.toFixed(1)} ms, workspace ${workspace}</p>
    ${d.fault === null ? '' : faultNotice(d.fault)}
    ${d.replay === undefined ? '' : replayNotice(d.replay)}
    ${isFetch(d) ? html`<p><button type="button" class="simulate-again">Simulate this again</button></p>` : ''}
    <section aria-labelledby="sent-title"><h4 id="sent-title">Sent</h4>
      <details><summary>Headers (${Object.keys(d.headers).length}, credentials masked)</summary>${headerList(d.headers)}</details>
      ${d.body === null ? html`<p class="empty">No body.</p>` : codeBlock(prettyJson(d.body), `Body of request ${d.seq}`)}
    </section>
    <section aria-labelledby="answer-title"><h4 id="answer-title">Answered ${status}</h4>
      ${d.response.body === null || d.response.body === ''
        ? html`<p class="empty">${d.response.status === 0 ? 'No answer: the connection was dropped.' : 'No body.'}</p>`
        : codeBlock(prettyJson(d.response.body), `Answer to request ${d.seq}`)}
    </section>
    ${d.decision === undefined ? '' : decisionSection(d.decision, d.fault, c)}
    ${d.elements === undefined ? '' : elementsSection(d.elements)}
  </article>`
}
