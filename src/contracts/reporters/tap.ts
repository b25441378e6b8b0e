// TAP version 14: one test point per case; failures and differences as YAML diagnostics.
import type { ContractReport } from '../../generated/types.js'

export function tap (report: ContractReport): string {
  const lines = ['TAP version 14', `1..${report.cases.length}`]
  report.cases.forEach((c, i) => {
    const ok = c.outcome !== 'failed' && c.outcome !== 'different'
    const skip = c.outcome === 'skipped' ? ` # SKIP ${c.reason ?? ''}` : ''
    lines.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${c.id}: ${c.title.replace(/#/g, '\\#')}${skip}`)
    const notes = [...c.failures, ...c.differences.map((d) => `${d.exchange} › ${d.path}: left ${d.left} | right ${d.right}`)]
    if (notes.length > 0 || c.notes.length > 0) {
      lines.push('  ---')
      if (notes.length > 0) lines.push('  problems:', ...notes.map((n) => `    - ${JSON.stringify(n)}`))
      if (c.notes.length > 0) lines.push('  notes:', ...c.notes.map((n) => `    - ${JSON.stringify(n)}`))
      lines.push('  ...')
    }
  })
  return lines.join('\n') + '\n'
}
