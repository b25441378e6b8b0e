// The injected clock: tests and (later) the admin API set the time the mock decides with.
export type Clock = () => Date

export const systemClock: Clock = () => new Date()
