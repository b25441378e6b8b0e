// The simulate form: read as the fetch body it describes, filled from a journal entry ("simulate this again"),
// and its experience checkboxes, whose ticks are kept per workspace whatever redraws the list.
import type { Environment } from '../../generated/types.js'
import { html, type Html } from '../render/html.js'
import { visitorRequest, type VisitorForm } from '../render/visitor.js'
import { $, show } from './dom.js'

/** Per workspace, the experience keys unticked (so an experience added later starts ticked). */
const unticked = new Map<string, Set<string>>()

function untickedIn (workspace: string): Set<string> {
  let set = unticked.get(workspace)
  if (set === undefined) {
    set = new Set()
    unticked.set(workspace, set)
  }
  return set
}

/** The checkboxes of the workspace's experiences, ticked as the developer left them. */
export function renderKeys (workspace: string, keys: readonly string[]): void {
  const off = untickedIn(workspace)
  const choices = keys.map((key) => html`<label><input type="checkbox" name="experience_key" value="${key}" ${off.has(key) ? '' : html`checked`}>
    <code>${key}</code></label>`)
  show('experience-keys', html`${choices}`)
  $('experience-keys').dataset.workspace = workspace
}

/** Ticks `only` (every key when undefined) and unticks the rest; remembered like a tick by hand. */
export function tickKeys (only: readonly string[] | undefined): void {
  for (const box of keyBoxes()) box.checked = only === undefined || only.includes(box.value)
  rememberTicks()
}

/** Reads the ticks into the per-workspace memory (after a click, or after tickKeys). */
export function rememberTicks (): void {
  const off = untickedIn($('experience-keys').dataset.workspace ?? '')
  for (const box of keyBoxes()) {
    if (box.checked) off.delete(box.value)
    else off.add(box.value)
  }
}

const keyBoxes = (): HTMLInputElement[] => [...document.querySelectorAll<HTMLInputElement>('#experience-keys input[type="checkbox"]')]

export function customRow (name = '', value = ''): Html {
  const keyField = html`<label>In-session key <input class="custom-name" value="${name}" placeholder="utm_medium" autocomplete="off"></label>`
  const valueField = html`<label>Value <input class="custom-value" value="${value}" autocomplete="off"></label>`
  return html`<div class="custom-row">${keyField}${valueField}</div>`
}

const field = (id: string): HTMLInputElement => $<HTMLInputElement>(id)

export function formRequest (): ReturnType<typeof visitorRequest> {
  const rows = [...document.querySelectorAll<HTMLElement>('.custom-row')].map((row) => [
    row.querySelector<HTMLInputElement>('.custom-name')?.value ?? '',
    row.querySelector<HTMLInputElement>('.custom-value')?.value ?? ''
  ] as const)
  return visitorRequest({
    customerId: field('customer-id').value,
    identifiers: { u_em: field('u-em').value, u_mb: field('u-mb').value },
    keys: keyBoxes().filter((b) => b.checked).map((b) => b.value),
    day: field('day').value,
    hour: field('hour').value,
    ip: field('ip').value,
    userAgent: field('user-agent').value,
    custom: rows
  })
}

export function formEnvironment (): Environment {
  return $<HTMLSelectElement>('environment').value === 'test' ? 'test' : 'live'
}

/** Puts a visitor into the form; returns what it could not hold (keys of another workspace, an unknown day). */
export function fillForm (f: VisitorForm, environment: Environment): string[] {
  const leftOut: string[] = []
  field('customer-id').value = f.customerId
  field('u-em').value = f.identifiers.u_em ?? ''
  field('u-mb').value = f.identifiers.u_mb ?? ''
  $<HTMLSelectElement>('environment').value = environment
  for (const [id, value, name] of [['day', f.day, 'day'], ['hour', f.hour, 'hour']] as const) {
    const select = $<HTMLSelectElement>(id)
    select.value = value
    if (select.value !== value) {
      select.value = ''
      leftOut.push(`${name} ${JSON.stringify(value)}`)
    }
  }
  field('ip').value = f.ip
  field('user-agent').value = f.userAgent
  const known = new Set(keyBoxes().map((b) => b.value))
  for (const key of f.keys) if (!known.has(key)) leftOut.push(`experience ${key} (not in this workspace)`)
  tickKeys(f.keys.length === 0 ? undefined : f.keys)
  // Always replaced: rows added by hand are not in any markup the page keeps.
  $('custom-keys').innerHTML = html`${f.custom.length === 0 ? customRow() : f.custom.map(([k, v]) => customRow(k, v))}`.text
  return leftOut
}
