// Human-readable report: one line per case, failures and differences indented under it.
import type { CaseResult, ContractReport } from '../../generated/types.js'

const MARK: Record<CaseResult['outcome'], string> = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', identical: 'same', different: 'DIFF' }

export function pretty (report: ContractReport): string {
  const lines: string[] = []
  const [left, right] = report.targets
  lines.push(report.mode === 'run'
    ? `contract run against ${left?.name ?? ''} (${left?.base_url ?? ''})`
    : `contract compare: left ${left?.name ?? ''} (${left?.base_url ?? ''}) vs right ${right?.name ?? ''} (${right?.base_url ?? ''})`)
  for (const c of report.cases) {
    lines.push(`${MARK[c.outcome]} ${c.id}: ${c.title}${c.outcome === 'skipped' ? ` (${c.reason ?? ''})` : ''}`)
    for (const f of c.failures) lines.push(`       - ${f}`)
    for (const n of c.notes) lines.push(`       note: ${n}`)
    for (const d of c.differences) lines.push(`       ${d.exchange} › ${d.path}: left ${d.left} | right ${d.right}`)
  }
  const s = report.summary
  lines.push(report.mode === 'run'
    ? `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped (${report.duration_ms} ms)`
    : `${s.identical} identical, ${s.different} different, ${s.skipped} skipped (${report.duration_ms} ms)`)
  return lines.join('\n') + '\n'
}
