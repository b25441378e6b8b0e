// Section 1: workspaces and experiences as the mock compiled them (GET /__admin/experiences): status, schedule
// in its zone and the viewer's, audiences in priority order with their conditions in words, and a split bar of
// each audience (control-group share, then the variations by weight).
import type { AdminAudienceView, AdminExperienceView, AdminScheduleView } from '../../generated/types.js'
import { conditionTree } from './conditions.js'
import { classes, html, type Html } from './html.js'
import { formatInstant, formatLocal } from './time.js'

/** "Variation 2" or its name: how a variation is labelled everywhere on the page. */
export function variationLabel (v: { id: string, name?: string }): string {
  return v.name === undefined ? `Variation ${v.id}` : `${v.name} (${v.id})`
}

export interface Segment {
  label: string
  /** Share of the whole audience, in percent (the segments add up to 100). */
  percent: number
  control: boolean
}

/** The audience as shares of its visitors: the control group first, then each variation's share of the rest. */
export function splitSegments (a: AdminAudienceView): Segment[] {
  const control = a.control_group_percent
  const rest = 100 - control
  const variations = a.variations.map((v) => ({ label: variationLabel(v), percent: (v.weight * rest) / 100, control: false }))
  return control > 0 ? [{ label: 'control group', percent: control, control: true }, ...variations] : variations
}

const percentText = (p: number): string => `${Number.isInteger(p) ? p : p.toFixed(1)} %`

export function splitBar (a: AdminAudienceView): Html {
  const segments = splitSegments(a)
  const summary = segments.map((s) => `${s.label} ${percentText(s.percent)}`).join(', ')
  const segment = (s: Segment, i: number): Html => {
    const segmentClass = classes('segment', `tone-${s.control ? 'control' : String(i % 5)}`, { control: s.control })
    const inside = s.percent >= 12 ? percentText(s.percent) : ''
    return html`<span class="${segmentClass}" style="width:${s.percent}%" title="${s.label}: ${percentText(s.percent)}">${inside}</span>`
  }
  return html`<div class="split" role="img" aria-label="${summary}">${segments.map(segment)}</div><p class="legend">${summary}</p>`
}

export function scheduleText (s: AdminScheduleView | undefined, viewer: string): Html {
  if (s === undefined) return html`<p class="schedule">no schedule: served while Active</p>`
  const local = `${formatLocal(s.start)}${s.end === undefined ? ' onwards' : ` to ${formatLocal(s.end)}`} (${s.time_zone})`
  const yours = `${formatInstant(s.start_utc, viewer)}${s.end_utc === undefined ? ' onwards' : ` to ${formatInstant(s.end_utc, viewer)}`}`
  return html`<p class="schedule">schedule ${local}<br><span class="muted">your time (${viewer}): ${yours}</span></p>`
}

const AVAILABILITY: Readonly<Record<AdminExperienceView['availability'], string>> = {
  SERVABLE: 'serving now',
  EXPERIENCE_NOT_ACTIVE: 'not serving now',
  EXPERIENCE_EXPIRED: 'schedule ended'
}

export function audienceView (a: AdminAudienceView): Html {
  return html`<li class="audience">
    <h4>${a.name} <span class="muted">${a.id}</span></h4>
    ${a.conditions === undefined ? html`<p class="all-users">All users</p>` : html`<div class="conditions">${conditionTree(a.conditions)}</div>`}
    ${splitBar(a)}
  </li>`
}

export function experienceCard (e: AdminExperienceView, viewer: string): Html {
  const availability = classes('badge', { ok: e.availability === 'SERVABLE', off: e.availability !== 'SERVABLE' })
  return html`<article class="experience" id="${`experience-${e.key}`}" data-key="${e.key}">
    <header>
      <h3><code>${e.key}</code> ${e.name}</h3>
      <span class="${classes('badge', `status-${e.status.toLowerCase()}`)}">${e.status}</span>
      <span class="${availability}" title="${e.availability}">${AVAILABILITY[e.availability]}</span>
      <button type="button" class="simulate-this" data-key="${e.key}" aria-label="Simulate this: ask for ${e.key} only">Simulate this</button>
    </header>
    ${scheduleText(e.schedule, viewer)}
    ${e.respect_global_control_group ? '' : html`<p class="muted">ignores the global control group</p>`}
    <ol class="audiences">${e.audiences.map((a) => audienceView(a))}</ol>
  </article>`
}
