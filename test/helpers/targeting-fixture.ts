// A workspace that shows every decision rule, for route-level targeting tests.
import type { FixtureExperience, FixtureFile } from '../../src/generated/types.js'

const text = (value: string) => ({ Text: { value, data_type: 'string' as const } })
const allUsers = (id: string, over: Record<string, unknown> = {}) => ({ id, name: `All Users ${id}`, all_users: true as const, variations: [{ weight: 100, payload: text(id) }], ...over })
const exp = (key: string, audiences: FixtureExperience['audiences'], over: Partial<FixtureExperience> = {}): FixtureExperience =>
  ({ key, name: `Experience ${key}`, status: 'Active', audiences, ...over })

export const WS = { id: 'TARGETING', key: 'targeting-key' }

export const targetingFixture: FixtureFile = {
  workspaces: [{
    id: WS.id,
    personalize_api_key: WS.key,
    users: [
      { customer_id: 'vip-user', user_identifiers: { u_em: 'vip@example.com' }, attributes: { plan: 'pro', age: 34 }, segments: ['vip'] },
      { customer_id: 'free-user', attributes: { plan: 'free' } },
      { customer_id: 'gcg-user', attributes: { plan: 'pro' }, global_control_group: true }
    ],
    geo: [{ cidr: '203.0.113.0/24', country: 'IN', city: 'Bengaluru' }, { cidr: '198.51.100.0/24', country: 'US' }],
    experiences: [
      exp('tiered-offer', [
        { id: 'A1', name: 'Pro users', conditions: { field: 'user.plan', operator: 'equals', value: 'pro' }, variations: [{ weight: 100, payload: text('pro') }] },
        { id: 'A2', name: 'Email visitors', conditions: { field: 'session.utm_medium', operator: 'equals', value: 'email' }, variations: [{ weight: 100, payload: text('email') }] },
        allUsers('A3')
      ]),
      exp('members-only', [{ id: 'M1', name: 'Members', conditions: { field: 'user.plan', operator: 'exists' }, variations: [{ weight: 100, payload: text('member') }] }]),
      exp('not-members', [{ id: 'N1', name: 'No plan', conditions: { not: { field: 'user.plan', operator: 'exists' } }, variations: [{ weight: 100, payload: text('no plan') }] }]),
      exp('kolkata-sale', [allUsers('K1')], { schedule: { start: '2026-12-01T09:00', end: '2026-12-02T09:00', time_zone: 'Asia/Kolkata' } }),
      exp('dst-gap-start', [allUsers('D1')], { schedule: { start: '2026-03-08T02:30', time_zone: 'America/New_York' } }),
      exp('dst-repeat-end', [allUsers('D2')], { schedule: { start: '2026-10-01T00:00', end: '2026-11-01T01:30', time_zone: 'America/New_York' } }),
      exp('ignores-gcg', [allUsers('G1')], { respect_global_control_group: false }),
      exp('all-held-out', [allUsers('H1', { control_group_percent: 100 })]),
      exp('india-only', [{ id: 'I1', name: 'India', conditions: { field: 'geo.country', operator: 'in', value: ['IN'] }, variations: [{ weight: 100, payload: text('india') }] }]),
      exp('outside-india', [{ id: 'O1', name: 'Not India', conditions: { field: 'geo.country', operator: 'not_in', value: ['IN'] }, variations: [{ weight: 100, payload: text('abroad') }] }]),
      exp('phones-only', [{ id: 'P1', name: 'Phones', conditions: { field: 'device_type', operator: 'equals', value: 'mobile' }, variations: [{ weight: 100, payload: text('phone') }] }]),
      exp('weekend-evening', [{
        id: 'W1',
        name: 'Weekend evenings',
        conditions: { all: [{ field: 'day_of_week', operator: 'in', value: ['Saturday', 'Sunday'] }, { field: 'time_of_day', operator: 'in', value: ['18-23'] }] },
        variations: [{ weight: 100, payload: text('evening') }]
      }]),
      exp('vip-segment', [{ id: 'V1', name: 'VIP', conditions: { field: 'segment', operator: 'in', value: 'vip' }, variations: [{ weight: 100, payload: text('vip') }] }]),
      exp('paused-one', [allUsers('Z1')], { status: 'Paused' }),
      exp('scheduled-one', [allUsers('Z2')], { status: 'Scheduled', schedule: { start: '2026-01-01T00:00', end: '2027-01-01T00:00' } }),
      exp('email-or-pro', [{
        id: 'E1',
        name: 'Email or pro',
        conditions: { any: [{ field: 'user.plan', operator: 'equals', value: 'pro' }, { field: 'session.utm_medium', operator: 'equals', value: 'email' }] },
        variations: [{ weight: 100, payload: text('either') }]
      }]),
      exp('half-held-out', [allUsers('HH', { control_group_percent: 50 })])
    ]
  }]
}
