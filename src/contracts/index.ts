// The contract suite: cases, runner, comparison and reporters. It knows only the client and a target.
export { CONTRACT_CASES } from './cases/index.js'
export { Checker, type ContractCase, type CaseContext, type ProfileNeed, type Exchange } from './case.js'
export { runContracts, compareTargets, exitCodeOf, skipReason, type RunOptions } from './runner.js'
export { REPORTERS, type ReporterName } from './reporters/index.js'
export type { ResolvedTarget } from './target.js'
export { behaviourFromReport, type ObservedBehaviour } from './behaviour-file.js'
