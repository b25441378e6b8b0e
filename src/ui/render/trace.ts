// Section 2's decision trace, from POST /__mock/explain: per experience, served or the reason; each audience
// tried, its conditions in words with the failing ones and the values they saw highlighted; the bucket drawn
// on the 0-100 bar against the variation ranges of the audience that matched.
import type { AdminAudienceView, ExplainedAudience, ExplainedExperience, ExplainResponse } from '../../generated/types.js'
import { conditionTree, describeLeaf, sawText, type LeafResult } from './conditions.js'
import { variationLabel } from './experiences.js'
import { classes, html, type Html } from './html.js'
import { formatInstant } from './time.js'

/** Buckets run 0-9999; the bar draws them on its width. */
const BUCKETS = 10_000
const asPercent = (bucket: number): number => (bucket * 100) / BUCKETS

/** "bucket 7876": the one way the page writes a bucket, as the explain API's own sentences do. */
export function bucketText (bucket: number): string {
  return `bucket ${bucket}`
}

/** "buckets 5000–9999": a variation's range [from, to) as the buckets it holds. */
const rangeText = (range: readonly number[]): string => `buckets ${range[0] ?? 0}–${(range[1] ?? 0) - 1}`

/** Heading levels 1-6: a trace sits at different depths (the simulate results, the request inspector). */
type Level = 1 | 2 | 3 | 4 | 5 | 6
const heading = (level: Level, content: Html): Html => html`<h${level}>${content}</h${level}>`
const below = (level: Level): Level => Math.min(6, level + 1) as Level

export function bucketBar (bucket: number, audience: AdminAudienceView | undefined, served: ExplainedExperience['variation']): Html {
  const ranges = audience?.variations ?? (served === undefined ? [] : [served])
  const label = `${bucketText(bucket)} of 0–${BUCKETS - 1}${served === undefined ? '' : `, in ${variationLabel(served)}`}`
  const spans = ranges.map((v) => {
    const from = v.range[0] ?? 0
    const to = v.range[1] ?? 0
    const range = classes('range', { chosen: served?.id === v.id })
    const title = `${variationLabel(v)}: ${rangeText(v.range)}`
    return html`<span class="${range}" style="left:${asPercent(from)}%;width:${asPercent(to - from)}%" title="${title}">${variationLabel(v)}</span>`
  })
  const chosen = served === undefined ? '' : html` → <strong>${variationLabel(served)}</strong> (${rangeText(served.range)})`
  return html`<div class="bucket" role="img" aria-label="${label}">
    ${spans}
    <span class="marker" style="left:${asPercent(bucket)}%"></span>
  </div><p class="legend">${bucketText(bucket)} of 0–${BUCKETS - 1}${chosen}</p>`
}

function audienceTried (a: ExplainedAudience, view: AdminAudienceView | undefined, level: Level): Html {
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
    ${heading(level, html`${a.matched ? '✓ matched' : '✗ not matched'}: ${a.name} <span class="muted">${a.id}</span>`)}
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
  return html`<p class="control">control group ${c.percent} % (buckets below ${c.percent * 100}): ${bucketText(c.bucket)} → ${outcome}</p>`
}

/** One experience's trace; its heading at `level` (4 under the simulate results), the audiences' one below. */
export function experienceTrace (e: ExplainedExperience, audiences: readonly AdminAudienceView[] | undefined, level: Level = 4): Html {
  const viewOf = (id: string): AdminAudienceView | undefined => audiences?.find((a) => a.id === id)
  const matched = e.audiences.find((a) => a.matched)
  return html`<article class="${classes('trace', { served: e.served, 'not-served': !e.served })}" data-key="${e.key}">
    <header>
      ${heading(level, html`<code>${e.key}</code>`)}
      <span class="${classes('badge', { ok: e.served, off: !e.served })}">${e.served ? 'served' : e.reason}</span>
    </header>
    <p class="detail">${e.detail}</p>
    ${e.audiences.length === 0 ? '' : html`<ol class="tried-list">${e.audiences.map((a) => audienceTried(a, viewOf(a.id), below(level)))}</ol>`}
    ${e.control_group === undefined ? '' : controlGroupLine(e.control_group)}
    ${e.bucket === undefined ? '' : bucketBar(e.bucket, matched === undefined ? undefined : viewOf(matched.id), e.variation)}
  </article>`
}

/** A location in words, most precise first: "Mumbai, Maharashtra, IN". */
export function geoText (value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value)
  const g = value as Record<string, unknown>
  const parts = ['city', 'state', 'country'].map((k) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '')
  return parts.length === 0 ? 'unknown place' : parts.join(', ')
}

const readText = (v: { value: unknown, note?: string }, words: (value: unknown) => string = String): string =>
  v.value === null ? `none (${v.note ?? 'no value'})` : words(v.value)

export interface TraceOptions {
  /** Heading level of each experience (4 by default). */
  level?: Level
  /** The zone the clock is shown in (besides UTC): the viewer's. */
  zone?: string
}

/** The visitor as the mock read it, then each experience's trace. */
export function traceView (x: ExplainResponse, audiencesOf: (key: string) => readonly AdminAudienceView[] | undefined, options: TraceOptions = {}): Html {
  const s = x.session
  const zone = options.zone ?? 'UTC'
  const foundBy = html`<span class="muted">(found by ${x.visitor.resolved_by}; bucketing id ${JSON.stringify(x.visitor.bucketing_id)})</span>`
  const globalControl = x.visitor.global_control_group ? html` <span class="badge off">global control group</span>` : ''
  const clock = zone === 'UTC' ? '' : html` <span class="muted">(${formatInstant(x.now, zone, { seconds: true })})</span>`
  return html`<section class="visitor" aria-label="The visitor as the mock read it">
    <dl>
      <dt>visitor</dt><dd>${x.visitor.customer_id ?? 'anonymous or unknown'} ${foundBy}${globalControl}</dd>
      <dt>clock</dt><dd>${formatInstant(x.now, 'UTC', { seconds: true })}${clock}</dd>
      <dt>day</dt><dd>${s.day_of_week.value} <span class="muted">(${s.day_of_week.source})</span></dd>
      <dt>hour</dt><dd>${s.time_of_day.value} <span class="muted">(${s.time_of_day.source})</span></dd>
      <dt>geo</dt><dd>${readText(s.geo, geoText)}</dd>
      <dt>device</dt><dd>${readText(s.device_type)}</dd>
    </dl>
  </section>
  ${x.experiences.map((e) => experienceTrace(e, audiencesOf(e.key), options.level))}`
}
