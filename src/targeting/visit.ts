// One visit: what each condition field reads for this request (EvaluationInput). The day and hour come
// from the request, else from the injected clock in UTC; the IP, geo and device are read once, lazily.
import type { FetchRequest } from '../generated/types.js'
import {
  ABSENT, nextInputSerial, UNAVAILABLE, type DayName, type DeviceType, type EvaluationInput, type FieldRef, type GeoLocation, type Reading
} from '../fixtures/conditions/input.js'
import type { CompiledAssignment, CompiledWorkspace } from '../fixtures/model.js'
import { deviceTypeOf } from './device.js'
import type { Scope, Visitor } from './identity.js'
import { parseIp } from './ip.js'
import { dayNameOf } from '../vendor/session-names.js'

export type Source = 'request' | 'clock'

export class Visit implements EvaluationInput {
  readonly serial = nextInputSerial()
  readonly day: DayName
  readonly daySource: Source
  readonly hour: number
  readonly hourSource: Source
  /** The visitor's fixed decisions (fixture `assignments`) by experience key, looked up once for the visit. */
  readonly assignments: ReadonlyMap<string, CompiledAssignment> | undefined
  #geo: Reading | undefined
  #device: Reading | undefined

  constructor (
    readonly workspace: CompiledWorkspace,
    readonly scope: Scope,
    readonly request: FetchRequest,
    readonly visitor: Visitor,
    now: Date
  ) {
    const user = visitor.user
    this.assignments = user === undefined ? undefined : scope.environment.users.assignments.get(user.customer_id)
    this.daySource = request.DAY_OF_THE_WEEK === undefined ? 'clock' : 'request'
    this.day = request.DAY_OF_THE_WEEK ?? dayNameOf(now)
    this.hourSource = request.TIME_OF_THE_DAY === undefined ? 'clock' : 'request'
    this.hour = request.TIME_OF_THE_DAY === undefined ? now.getUTCHours() : Number(request.TIME_OF_THE_DAY)
  }

  value (field: FieldRef): unknown {
    switch (field.kind) {
      case 'user': {
        const user = this.visitor.user
        return user === undefined ? UNAVAILABLE : own(user.attributes, field.name)
      }
      case 'segment': {
        const user = this.visitor.user
        return user === undefined ? UNAVAILABLE : user.segments ?? NO_SEGMENTS
      }
      case 'session': return own(this.request, field.name)
      case 'day_of_week': return this.day
      case 'time_of_day': return this.hour
      case 'geo': {
        const geo = this.geo()
        return geo.status === 'present' ? own(geo.value as GeoLocation, field.part) : UNAVAILABLE
      }
      case 'device_type': {
        const device = this.device()
        return device.status === 'present' ? device.value : UNAVAILABLE
      }
    }
  }

  unavailableNote (field: FieldRef): string {
    // The location and the device keep their own reasons; a user field is unavailable only to an anonymous visitor.
    const reading = field.kind === 'geo' ? this.geo() : field.kind === 'device_type' ? this.device() : undefined
    return reading?.status === 'unavailable' ? reading.note : ANONYMOUS
  }

  /** The visitor's location: present, or unavailable with the reason. */
  geo (): Reading {
    this.#geo ??= this.#locate()
    return this.#geo
  }

  device (): Reading {
    this.#device ??= this.#detectDevice()
    return this.#device
  }

  #locate (): Reading {
    const ip = this.request.USER_IP_ADDRESS
    if (ip === undefined || ip === '') return { status: 'unavailable', note: 'USER_IP_ADDRESS not sent' }
    const address = parseIp(ip)
    if (address === undefined) {
      const shown = JSON.stringify(ip.length > 64 ? `${ip.slice(0, 64)}…` : ip)
      return { status: 'unavailable', note: `USER_IP_ADDRESS ${shown} is not an IP address` }
    }
    const location = this.workspace.geo.lookup(address)
    if (location === undefined) return { status: 'unavailable', note: `no geo range of the workspace contains ${address.toString()}` }
    return { status: 'present', value: location }
  }

  #detectDevice (): Reading {
    const ua = this.request.USER_AGENT
    if (ua === undefined || ua.trim() === '') return { status: 'unavailable', note: 'USER_AGENT not sent' }
    const type: DeviceType | undefined = deviceTypeOf(ua)
    return type === undefined ? { status: 'unavailable', note: 'USER_AGENT names no known device type' } : { status: 'present', value: type }
  }
}

const ANONYMOUS = 'anonymous visitor: no user to read'
const NO_SEGMENTS: readonly string[] = Object.freeze([])

/** An own property (never one inherited from Object.prototype), null counting as absent. */
function own (source: object | undefined, name: string): unknown {
  if (source === undefined || !Object.hasOwn(source, name)) return ABSENT
  const value = (source as Record<string, unknown>)[name]
  return value === null || value === undefined ? ABSENT : value
}
