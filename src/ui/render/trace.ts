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
  return html`<div class="bucket" role="img" aria-label="${`bucket ${asPercent(bucket).toFixed(2)} of 100${served === undefined ? '' : `, in ${variationLabel(served)}`}`}">
    ${ranges.map((v) => html`<span class="${classes('range', { chosen: served?.id === v.id })}" style="left:${asPercent(v.range[0] ?? 0)}%;width:${asPercent((v.range[1] ?? 0) - (v.range[0] ?? 0))}%" title="${`${variationLabel(v)}: ${asPercent(v.range[0] ?? 0)}-${asPercent(v.range[1] ?? 0)}`}">${variationLabel(v)}</span>`)}
    <span class="marker" style="left:${asPercent(bucket)}%" title="${`bucket ${asPercent(bucket).toFixed(2)}`}"></span>
  </div><p class="legend">bucket ${asPercent(bucket).toFixed(2)} of 100${served === undefined ? '' : html` → <strong>${variationLabel(served)}</strong> (${asPercent(served.range[0] ?? 0)}–${asPercent(served.range[1] ?? 0)})`}</p>`
}

function audienceTried (a: ExplainedAudience, view: AdminAudienceView | undefined): Html {
  const results = new Map<string, LeafResult>(a.conditions.map((c) => [c.pointer, { passed: c.passed, saw: c.saw, ...(c.note === undefined ? {} : { note: c.note }) }]))
  // The tree comes from the compiled view; should it be missing (fixtures swapped since), the leaves alone.
  const body = a.all_users
    ? html`<p class="all-users">All users</p>`
    : view?.conditions !== undefined
      ? html`<div class="conditions">${conditionTree(view.conditions, '/conditions', results)}</div>`
      : html`<ul>${a.conditions.map((c) => html`<li class="${classes('leaf', { passed: c.passed, failed: !c.passed })}">${describeLeaf(c.condition)}: saw <mark class="${classes('value', { failing: !c.passed })}">${sawText(c)}</mark></li>`)}</ul>`
  return html`<li class="${classes('tried', { matched: a.matched, 'not-matched': !a.matched })}">
    <h5>${a.matched ? '✓ matched' : '✗ not matched'}: ${a.name} <span class="muted">${a.id}</span></h5>
    ${a.note === undefined ? '' : html`<p class="note">${a.note}</p>`}
    ${body}
  </li>`
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
    ${e.control_group === undefined ? '' : html`<p class="control">control group ${e.control_group.percent} %: bucket ${asPercent(e.control_group.bucket).toFixed(2)} → ${e.control_group.in_control_group ? 'held out' : 'not held out'}</p>`}
    ${e.bucket === undefined ? '' : bucketBar(e.bucket, matched === undefined ? undefined : viewOf(matched.id), e.variation)}
  </article>`
}

/** The visitor as the mock read it, then each experience's trace. */
export function traceView (x: ExplainResponse, audiencesOf: (key: string) => readonly AdminAudienceView[] | undefined): Html {
  const s = x.session
  const read = (v: { value: unknown, note?: string }): string => v.value === null ? `none (${v.note ?? 'no value'})` : typeof v.value === 'string' ? v.value : JSON.stringify(v.value)
  return html`<section class="visitor">
    <dl>
      <dt>visitor</dt><dd>${x.visitor.customer_id ?? 'anonymous or unknown'} <span class="muted">(found by ${x.visitor.resolved_by}; bucketing id ${JSON.stringify(x.visitor.bucketing_id)})</span>${x.visitor.global_control_group ? html` <span class="badge off">global control group</span>` : ''}</dd>
      <dt>clock</dt><dd>${x.now}</dd>
      <dt>day</dt><dd>${s.day_of_week.value} <span class="muted">(${s.day_of_week.source})</span></dd>
      <dt>hour</dt><dd>${s.time_of_day.value} <span class="muted">(${s.time_of_day.source})</span></dd>
      <dt>geo</dt><dd>${read(s.geo)}</dd>
      <dt>device</dt><dd>${read(s.device_type)}</dd>
    </dl>
  </section>
  ${x.experiences.map((e) => experienceTrace(e, audiencesOf(e.key)))}`
}
