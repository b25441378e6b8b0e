// The names of the in-session day and hour a fetch may carry (DAY_OF_THE_WEEK, TIME_OF_THE_DAY), as the fetch
// request schema lists them. Targeting, condition checks and the page read them from here.
import { DAY_NAMES, HOUR_NAMES } from '../generated/vendor-formats.js'

export { DAY_NAMES, HOUR_NAMES }

export type DayName = typeof DAY_NAMES[number]
export type HourName = typeof HOUR_NAMES[number]

/** The day name of an instant, in UTC (the vendor's in-session day when the request does not say). */
export function dayNameOf (date: Date): DayName {
  return DAY_NAMES[date.getUTCDay()] as DayName
}
