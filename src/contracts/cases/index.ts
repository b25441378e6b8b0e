// Every contract case, in the order they run.
import type { ContractCase } from '../case.js'
import { eventCases } from './events.js'
import { fetchCases } from './fetch.js'
import { headerCases } from './headers.js'
import { metadataCases } from './metadata.js'

export const CONTRACT_CASES: readonly ContractCase[] = [...headerCases, ...fetchCases, ...metadataCases, ...eventCases]
