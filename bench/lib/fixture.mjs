// Deterministic benchmark fixtures: a realistic workspace (mixed conditions, users with attributes and
// segments, a geo table) of any size. Same arguments, same file.

// The project's own seeded PRNG (bench scripts run after a build).
import { mulberry32 } from '../../dist/server/faults.js'

const PLANS = ['free', 'pro', 'team', 'enterprise']
const SEGMENTS = ['frequent-buyers', 'churn-risk', 'newsletter', 'vip', 'mobile-first', 'bargain-hunters']
const MEDIUMS = ['email', 'sms', 'push', 'cpc', 'social']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export const BENCH_WORKSPACE = { id: 'BENCH_WORKSPACE', key: 'bench-personalize-key' }
export const USER_COUNT = 200

/** One leaf of each kind, picked by the generator. */
function leaf (r, i) {
  switch (i % 8) {
    case 0: return { field: 'user.plan', operator: 'in', value: [PLANS[Math.floor(r() * 4)], PLANS[Math.floor(r() * 4)]] }
    case 1: return { field: 'segment', operator: 'in', value: SEGMENTS[Math.floor(r() * SEGMENTS.length)] }
    case 2: return { field: 'session.utm_medium', operator: 'equals', value: MEDIUMS[Math.floor(r() * MEDIUMS.length)] }
    case 3: return { field: 'user.lifetime_orders', operator: 'gte', value: Math.floor(r() * 20) }
    case 4: return { field: 'geo.country', operator: 'in', value: r() < 0.5 ? ['IN'] : ['US', 'DE'] }
    case 5: return { field: 'device_type', operator: 'equals', value: r() < 0.5 ? 'mobile' : 'desktop' }
    case 6: return { field: 'day_of_week', operator: 'in', value: [DAYS[Math.floor(r() * 7)], DAYS[Math.floor(r() * 7)]] }
    default: {
      const from = String(Math.floor(r() * 12)).padStart(2, '0')
      const to = String(12 + Math.floor(r() * 12)).padStart(2, '0')
      return { field: 'time_of_day', operator: 'in', value: [`${from}-${to}`] }
    }
  }
}

function variations (r, count) {
  const weights = Array.from({ length: count }, () => Math.floor(100 / count))
  weights[0] += 100 - weights.reduce((a, b) => a + b, 0)
  return weights.map((weight, i) => ({
    id: String(i + 1),
    weight,
    payload: {
      Headline: { value: `Variation ${i + 1}: ${Math.floor(r() * 1e6)}`, data_type: 'string' },
      Discount: { value: Math.floor(r() * 50), data_type: 'number' },
      Config: { value: { theme: r() < 0.5 ? 'dark' : 'light', items: [1, 2, 3] }, data_type: 'json' }
    }
  }))
}

/** `experiences` experiences of 3-10 audiences each (the last one All Users, so most requests are served). */
export function benchFixture ({ experiences = 24, seed = 1 } = {}) {
  const r = mulberry32(seed)
  const users = Array.from({ length: USER_COUNT }, (_, i) => ({
    customer_id: `bench-user-${i}`,
    user_identifiers: { u_em: `user${i}@example.com` },
    attributes: { plan: PLANS[i % 4], lifetime_orders: i % 25, signup_date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15` },
    segments: SEGMENTS.filter((_, s) => (i + s) % 3 === 0)
  }))
  return {
    bucketing_version: 'fnv1a32-v2',
    workspaces: [{
      id: BENCH_WORKSPACE.id,
      personalize_api_key: BENCH_WORKSPACE.key,
      geo: [{ cidr: '203.0.113.0/24', country: 'IN' }, { cidr: '198.51.100.0/24', country: 'US' }, { cidr: '2001:db8::/32', country: 'DE' }],
      users,
      experiences: Array.from({ length: experiences }, (_, e) => {
        const audienceCount = 3 + (e % 8)
        return {
          key: `bench-experience-${String(e).padStart(5, '0')}`,
          name: `Bench experience ${e}`,
          status: 'Active',
          audiences: Array.from({ length: audienceCount }, (_, a) => a === audienceCount - 1
            ? { id: `A${a}`, name: 'Everyone else', all_users: true, variations: variations(r, 2) }
            : {
                id: `A${a}`,
                name: `Audience ${a}`,
                conditions: { all: Array.from({ length: 2 + (a % 3) }, (_, l) => leaf(r, e + a + l)) },
                ...(a === 0 ? { control_group_percent: 10 } : {}),
                variations: variations(r, 1 + (a % 3))
              })
        }
      })
    }]
  }
}

export const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

/** A realistic fetch body: a known customer, a UTM key, an IP and a user agent. */
export function fetchBody (keys, i = 0) {
  return {
    identifiers: { customer_id: `bench-user-${i % USER_COUNT}` },
    ...(keys === undefined ? {} : { experience_key: keys }),
    utm_medium: MEDIUMS[i % MEDIUMS.length],
    USER_IP_ADDRESS: i % 2 === 0 ? '203.0.113.10' : '198.51.100.20',
    USER_AGENT: IPHONE
  }
}
