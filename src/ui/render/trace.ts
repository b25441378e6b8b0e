// Section 2's decision trace, from POST /__mock/explain: per experience, served or the reason; each audience
// tried, its conditions in words with the failing ones and the values they saw highlighted; the bucket drawn
// on the 0-100 bar against the variation ranges of the audience that matched.
import type { AdminAudienceView, ExplainedAudience, ExplainedExperience, ExplainResponse } from '../../generated/types.js'
import { conditionTree, describeLeaf, sawText, type LeafResult } from './conditions.js'
import { variationLabel } from './experiences.js'
import { classes, html, type Html } from './html.js'

/** Buckets run 0-9999; the bar shows them as 0-100. */
const BUCKETS = 10_000
const asPercent = (bucket: number): number => (bucket * 100) / BUCKETS

export function bucketBar (bucket: number, audience: AdminAudienceView | undefined, served: ExplainedExperience['variation']): Html {
  const ranges = audience?.variations ?? (served === undefined ? [] : [served])
  const at = asPercent(bucket).toFixed(2)
  const label = `bucket ${at} of 100${served === undefined ? '' : `, in ${variationLabel(served)}`}`
  const spans = ranges.map((v) => {
    const from = v.range[0] ?? 0
    const to = v.range[1] ?? 0
    const range = classes('range', { chosen: served?.id === v.id })
    const title = `${variationLabel(v)}: ${asPercent(from)}-${asPercent(to)}`
    return html`<span class="${range}" style="left:${asPercent(from)}%;width:${asPercent(to - from)}%" title="${title}">${variationLabel(v)}</span>`
  })
  const chosen = served === undefined
    ? ''
    : html` → <strong>${variationLabel(served)}</strong> (${asPercent(served.range[0] ?? 0)}–${asPercent(served.range[1] ?? 0)})`
  return html`<div class="bucket" role="img" aria-label="${label}">
    ${spans}
    <span class="marker" style="left:${asPercent(bucket)}%" title="${`bucket ${at}`}"></span>
  </div><p class="legend">bucket ${at} of 100${chosen}</p>`
}

function audienceTried (a: ExplainedAudience, view: AdminAudienceView | undefined): Html {
  const results = new Map<string, LeafResult>(a.conditions.map((c) => [
    c.pointer,
    { passed: c.passed, saw: c.saw, ...(c.note === undefined ? {} : { note: c.note }) }
  ]))
  // The tree comes from the compiled view; should it be missing (fixtures swapped since), the leaves alone.
  const body = a.all_users
    ? html`<p class="all-users">All users</p>`
    : view?.conditions !== undefined
      ? html`<div class="conditions">${conditionTree(view.conditions, '/conditions', results)}</div>`
      : html`<ul>${a.conditions.map((c) => leafAsGiven(c))}</ul>`
  return html`<li class="${classes('tried', { matched: a.matched, 'not-matched': !a.matched })}">
    <h5>${a.matched ? '✓ matched' : '✗ not matched'}: ${a.name} <span class="muted">${a.id}</span></h5>
    ${a.note === undefined ? '' : html`<p class="note">${a.note}</p>`}
    ${body}
  </li>`
}

/** One leaf as the explain API gives it: for when the compiled tree to draw it in is missing. */
function leafAsGiven (c: ExplainedAudience['conditions'][number]): Html {
  const leaf = classes('leaf', { passed: c.passed, failed: !c.passed })
  const value = classes('value', { failing: !c.passed })
  return html`<li class="${leaf}">${describeLeaf(c.condition)}: saw <mark class="${value}">${sawText(c)}</mark></li>`
}

function controlGroupLine (c: NonNullable<ExplainedExperience['control_group']>): Html {
  const outcome = c.in_control_group ? 'held out' : 'not held out'
  return html`<p class="control">control group ${c.percent} %: bucket ${asPercent(c.bucket).toFixed(2)} → ${outcome}</p>`
}

export function experienceTrace (e: ExplainedExperience, audiences: readonly AdminAudienceView[] | undefined): Html {
  const viewOf = (id: string): AdminAudienceView | undefined => audiences?.find((a) => a.id === id)
  const matched = e.audiences.find((a) => a.matched)
  return html`<article class="${classes('trace', { served: e.served, 'not-served': !e.served })}" data-key="${e.key}">
    <header>
      <h3><code>${e.key}</code></h3>
      <span class="${classes('badge', { ok: e.served, off: !e.served })}">${e.served ? 'served' : e.reason}</span>
    </header>
    <p class="detail">${e.detail}</p>
    ${e.audiences.length === 0 ? '' : html`<ol class="tried-list">${e.audiences.map((a) => audienceTried(a, viewOf(a.id)))}</ol>`}
    ${e.control_group === undefined ? '' : controlGroupLine(e.control_group)}
    ${e.bucket === undefined ? '' : bucketBar(e.bucket, matched === undefined ? undefined : viewOf(matched.id), e.variation)}
  </article>`
}

/** The visitor as the mock read it, then each experience's trace. */
export function traceView (x: ExplainResponse, audiencesOf: (key: string) => readonly AdminAudienceView[] | undefined): Html {
  const s = x.session
  const read = (v: { value: unknown, note?: string }): string => v.value === null
    ? `none (${v.note ?? 'no value'})`
    : typeof v.value === 'string' ? v.value : JSON.stringify(v.value)
  const foundBy = html`<span class="muted">(found by ${x.visitor.resolved_by}; bucketing id ${JSON.stringify(x.visitor.bucketing_id)})</span>`
  const globalControl = x.visitor.global_control_group ? html` <span class="badge off">global control group</span>` : ''
  return html`<section class="visitor">
    <dl>
      <dt>visitor</dt><dd>${x.visitor.customer_id ?? 'anonymous or unknown'} ${foundBy}${globalControl}</dd>
      <dt>clock</dt><dd>${x.now}</dd>
      <dt>day</dt><dd>${s.day_of_week.value} <span class="muted">(${s.day_of_week.source})</span></dd>
      <dt>hour</dt><dd>${s.time_of_day.value} <span class="muted">(${s.time_of_day.source})</span></dd>
      <dt>geo</dt><dd>${read(s.geo)}</dd>
      <dt>device</dt><dd>${read(s.device_type)}</dd>
    </dl>
  </section>
  ${x.experiences.map((e) => experienceTrace(e, audiencesOf(e.key)))}`
}
