// The request inspector: one journal entry in full (GET /__admin/requests/:seq). What was sent, what was
// answered, the fault that hit it, what replay made of it; for a fetch the decision trace as it was when
// answered, with the fixture set and clock then in force; for an events call, each element's context check.
import type {
  AdminAudienceView, AdminRequestDetail, ContextIds, FaultHit, JournalRequest, RequestAction, RequestDecision, RequestElement
} from '../../generated/types.js'
import { classes, html, type Html } from './html.js'
import { actionText, checkBadge, environmentBadge, statusClass, statusText, tableShell } from './journals.js'
import { formatInstant } from './time.js'
import { traceView } from './trace.js'

export interface InspectorContext {
  zone: string
  audiencesOf: (key: string) => readonly AdminAudienceView[] | undefined
  /** The same request decided against today's fixtures, clock and users, once asked for (?against=current). */
  today?: RequestDecision
}

/** What a fault did to a request: answered it (a status or a dropped connection), or only delayed it. */
export function faultNotice (fault: FaultHit, verb: 'answered' | 'would answer' = 'answered'): Html {
  const delayed = verb === 'answered' ? 'delayed' : 'would delay'
  return fault.replaces_answer
    ? html`<p class="notice fault"><strong>Fault ${fault.id} ${verb} this request</strong>: ${fault.detail}.
      The app ${verb === 'answered' ? 'got' : 'gets'} the fault's answer, not the fixtures'.</p>`
    : html`<p class="notice"><strong>Fault ${fault.id} ${delayed} this request</strong>: ${fault.detail}.</p>`
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

/** JSON text indented for reading; any other text as it is. */
export function prettyJson (text: string | null): string {
  if (text === null) return ''
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** An answer body as the journal keeps it: parsed JSON shown indented, text as it is. */
const bodyText = (body: unknown): string => typeof body === 'string' ? body : JSON.stringify(body, null, 2)

/** "fixture set 2 (still in force) at mock clock 2026-07-15 10:00:00 UTC" */
function decidedWith (d: RequestDecision): Html {
  const set = html`fixture set ${d.fixtures.generation} ${d.fixtures.current ? '(still in force)' : html`<strong>(replaced since)</strong>`}`
  return html`${set} at mock clock ${formatInstant(d.clock, 'UTC', { seconds: true })}`
}

function decisionSection (d: AdminRequestDetail, c: InspectorContext): Html {
  const decision = d.decision
  if (decision === undefined) return html``
  if (decision === null) {
    return html`<section aria-labelledby="decision-title"><h4 id="decision-title">Decision</h4>
      <p class="muted">No decision was made: ${ANSWERED_BY[d.answered_by]}.</p></section>`
  }
  const stale = !decision.fixtures.current
  const offer = stale && c.today === undefined
    ? html`<p class="notice stale">The fixtures were replaced since: the trace below is as it was when answered.
      <button type="button" class="explain-today">Explain against today's fixtures</button></p>`
    : ''
  const caveat = d.fault?.replaces_answer === true
    ? html`<p class="notice fault">A fault answered, so the app did not get this: it is what the fixtures decided.</p>`
    : ''
  const trace = (x: RequestDecision, current: boolean): Html => x.explain === null
    ? html`<p class="muted">${x.note ?? 'No explanation.'}</p>`
    // Audience views are today's: they draw the condition trees only for a decision made with today's fixtures.
    : traceView(x.explain, current ? c.audiencesOf : () => undefined, { level: 5, zone: c.zone })
  const today = c.today === undefined
    ? ''
    : html`<section class="today" aria-labelledby="today-title"><h4 id="today-title">Against today's fixtures</h4>
      <p>Decided now with ${decidedWith(c.today)}.</p>${trace(c.today, true)}</section>`
  return html`<section class="decision" aria-labelledby="decision-title">
    <h4 id="decision-title">Decision trace, as answered</h4>
    <p>Decided with ${decidedWith(decision)}.</p>${offer}${caveat}
    ${trace(decision, decision.fixtures.current)}
  </section>${today}`
}

const ANSWERED_BY: Readonly<Record<AdminRequestDetail['answered_by'], string>> = {
  engine: 'the fixtures answered',
  fault: 'an injected fault answered',
  recording: 'a replayed recording answered',
  pipeline: 'the request was refused before an answer (routing, MOE-APPKEY, auth, body, validation or rate limit)'
}

const contextText = (ids: ContextIds): string => `variation ${ids.moe_variation_id}, audience ${ids.audience_id}`

/** For a mismatch: what the event reported against what the mock had served of that campaign. */
export function servedVersusReported (a: RequestAction): Html {
  if (a.context_check === 'ok') return html``
  const whom = a.served === undefined ? '' : a.served.customer_id === '' ? ' to visitors without an id' : ` to ${a.served.customer_id}`
  const served = a.served === undefined || a.served.contexts.length === 0
    ? html`nothing of this campaign${whom}`
    : html`${a.served.contexts.map(contextText).join('; ')}${whom}`
  return html`<span class="versus">reported ${contextText(a.reported)}<br>served ${served}</span>`
}

function elementsSection (elements: readonly RequestElement[]): Html {
  const rows = elements.flatMap((e) => e.actions.map((a) => html`<tr>
    <td>${a.seq}</td>
    <td>${e.customer_id}</td>
    <td>${actionText(a.action)}</td>
    <td><code>${a.experience_key ?? '?'}</code></td>
    <td>${checkBadge(a.context_check)}${a.duplicate ? html` <span class="muted">(duplicate)</span>` : ''}</td>
    <td>${servedVersusReported(a)}</td>
  </tr>`))
  const body = rows.length === 0
    ? html`<p class="empty">No action.</p>`
    : html`<div class="scroll" tabindex="0" role="region" aria-label="Events of this call">
      ${tableShell('elements', 'Each action of this call', ELEMENT_COLUMNS, rows)}</div>`
  return html`<section aria-labelledby="elements-title"><h4 id="elements-title">Events</h4>${body}</section>`
}

const ELEMENT_COLUMNS = ['event', 'customer', 'action', 'experience', 'context', 'served vs reported'] as const

const isFetch = (d: { path: string }): boolean => d.path.split('?')[0] === '/v1/experiences/fetch'

/** The whole inspector for one request. */
export function requestDetail (d: AdminRequestDetail, c: InspectorContext): Html {
  const status = html`<span class="${classes('status', statusClass(d.response.status))}">${statusText(d.response.status)}</span>`
  const workspace = d.workspace === null ? 'no MOE-APPKEY' : html`<code>${d.workspace}</code>${environmentBadge(d.environment)}`
  const answer = d.response.body === null || d.response.body === ''
    ? html`<p class="empty">${d.response.status === 0 ? 'No answer: the connection was dropped.' : 'No body.'}</p>`
    : codeBlock(bodyText(d.response.body), `Answer to request ${d.seq}`)
  return html`<article class="inspector-body" data-seq="${d.seq}">
    <h3 id="inspector-title" tabindex="-1">Request ${d.seq}: ${d.method} <code>${d.path}</code></h3>
    <p class="muted">received ${formatInstant(d.received_at, c.zone, { seconds: true })}, took ${d.duration_ms.toFixed(1)} ms, workspace ${workspace};
      ${ANSWERED_BY[d.answered_by]}</p>
    ${d.fault === null ? '' : faultNotice(d.fault)}
    ${d.replay === undefined ? '' : replayNotice(d.replay)}
    ${isFetch(d) ? html`<p><button type="button" class="simulate-again">Simulate this again</button></p>` : ''}
    <section aria-labelledby="sent-title"><h4 id="sent-title">Sent</h4>
      <details><summary>Headers (${Object.keys(d.headers).length}, credentials masked)</summary>${headerList(d.headers)}</details>
      ${d.body === null ? html`<p class="empty">No body.</p>` : codeBlock(prettyJson(d.body), `Body of request ${d.seq}`)}
    </section>
    <section aria-labelledby="answer-title"><h4 id="answer-title">Answered ${status}</h4>
      ${answer}${d.response.truncated === true ? html`<p class="muted">(cut at 64 KiB)</p>` : ''}
    </section>
    ${decisionSection(d, c)}
    ${d.elements === undefined ? '' : elementsSection(d.elements)}
  </article>`
}
