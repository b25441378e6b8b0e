// JUnit XML, as CI systems read it: one testsuite, one testcase per case.
import type { ContractReport } from '../../generated/types.js'

export function junit (report: ContractReport): string {
  const s = report.summary
  const failures = s.failed + s.different
  const counts = `tests="${report.cases.length}" failures="${failures}" skipped="${s.skipped}"`
  const time = seconds(report.duration_ms)
  const name = `personalize contract ${report.mode}: ${report.targets.map((t) => t.name).join(' vs ')}`
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${counts} time="${time}">`,
    `  <testsuite name="${xml(name)}" ${counts} timestamp="${xml(report.started_at)}" time="${time}">`
  ]
  for (const c of report.cases) {
    out.push(`    <testcase classname="${xml(c.id.split('.')[0] ?? c.id)}" name="${xml(`${c.id}: ${c.title}`)}" time="${seconds(c.duration_ms)}">`)
    if (c.outcome === 'skipped') out.push(`      <skipped message="${xml(c.reason ?? '')}"/>`)
    const notes = [...c.failures, ...c.differences.map((d) => `${d.exchange} › ${d.path}: left ${d.left} | right ${d.right}`)]
    if (notes.length > 0) out.push(`      <failure message="${xml(notes[0] ?? '')}">${xml(notes.join('\n'))}</failure>`)
    if (c.notes.length > 0) out.push(`      <system-out>${xml(c.notes.join('\n'))}</system-out>`)
    out.push('    </testcase>')
  }
  out.push('  </testsuite>', '</testsuites>')
  return out.join('\n') + '\n'
}

function seconds (ms: number): string {
  return (ms / 1000).toFixed(3)
}

function xml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot hold at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
}
