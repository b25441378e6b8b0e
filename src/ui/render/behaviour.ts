// The behaviour in force for a workspace (from /__admin/health): one line when every switch is at its default,
// else the switches that differ, with every switch listed below them.
import type { AdminBehaviour, Behaviour } from '../../generated/types.js'
import { html, type Html } from './html.js'

type Switches = Record<string, unknown>

export function behaviourSummary (b: AdminBehaviour, workspace: string): Html {
  const mine = (b.workspaces[workspace] ?? b.server) as Behaviour as Switches
  const defaults = b.defaults as Switches
  const names = Object.keys(defaults)
  const changed = names.filter((n) => mine[n] !== defaults[n])
  const head = changed.length === 0
    ? html`Behaviour: every switch at its default.`
    : html`Behaviour: ${changed.map((n, i) => html`${i === 0 ? '' : ', '}<code>${n}</code> <strong>${String(mine[n])}</strong>`)} (the rest at their defaults).`
  const header = html`<thead><tr><th scope="col">Switch</th><th scope="col">In force</th><th scope="col">Default</th></tr></thead>`
  const row = (n: string): Html => {
    const changedClass = changed.includes(n) ? html` class="changed"` : ''
    return html`<tr${changedClass}><td><code>${n}</code></td><td>${String(mine[n])}</td><td>${String(defaults[n])}</td></tr>`
  }
  return html`<details class="behaviour"><summary>${head}</summary><table>${header}
    <tbody>${names.map((n) => row(n))}</tbody></table></details>`
}
