// Report formats of `personalize-mock contract --reporter`.
import type { ContractReport } from '../../generated/types.js'
import { junit } from './junit.js'
import { pretty } from './pretty.js'
import { tap } from './tap.js'

export const REPORTERS = {
  pretty,
  tap,
  junit,
  json: (report: ContractReport): string => JSON.stringify(report, null, 2) + '\n'
} as const

export type ReporterName = keyof typeof REPORTERS
