// Instants shown in a named time zone ("2026-12-24 09:00 GMT+1"), with the browser's own formatter: the
// instants themselves come from the mock (it compiled the schedules), so nothing here decides anything.

/** The time zone of whoever views the page. */
export function viewerZone (): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/**
 * "2026-12-24 09:00 GMT+5:30": the instant's wall-clock time in `zone`, and that zone's offset then; with
 * `seconds`, "2026-12-24 09:00:07 GMT+5:30" (journal times).
 */
export function formatInstant (iso: string, zone: string, options: { seconds?: boolean } = {}): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds === true ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZoneName: 'shortOffset'
  }).formatToParts(new Date(iso))
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? ''
  const seconds = options.seconds === true ? `:${part('second')}` : ''
  // UTC reads as UTC, not as "GMT".
  const name = zone === 'UTC' ? 'UTC' : part('timeZoneName')
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}${seconds} ${name}`
}

/** "2026-12-24T09:00" -> "2026-12-24 09:00": a schedule's local time as the fixture wrote it. */
export function formatLocal (local: string): string {
  return local.replace('T', ' ')
}
