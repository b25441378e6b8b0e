// Which time zone names a fixture may use: IANA names and UTC, not the aliases ICU also accepts.
import t from 'tap'
import { loadFixtureDocument } from '../src/fixtures/load.js'
import { currentName, isIanaZoneName, RENAMED_ZONES, timeZoneProblem } from '../src/fixtures/time-zone.js'
import { experience, fixtureFile, workspace } from './helpers/fixtures.js'

const zoneOf = (name: string): string => new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone

t.test('UTC, IANA zone names and IANA links load, in a workspace and in a schedule', async (t) => {
  for (const zone of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Europe/Kyiv', 'Etc/GMT+5', 'Asia/Calcutta', 'US/Pacific']) {
    const doc = fixtureFile(workspace({ time_zone: zone, experiences: [experience('scheduled-one', { schedule: { start: '2026-01-01T00:00', time_zone: zone } })] }))
    t.ok(loadFixtureDocument(doc, 'zones.json'), zone)
  }
})

t.test('each renamed zone is, under its current IANA name, the zone Intl lists under the old one', async (t) => {
  const listed = new Set(Intl.supportedValuesOf('timeZone'))
  for (const [old, current] of RENAMED_ZONES) {
    t.ok(listed.has(old), `Intl lists ${old}`)
    t.equal(zoneOf(current), zoneOf(old), `${current} is ${old}`)
    t.ok(isIanaZoneName(current), `${current} may be used`)
  }
})

t.test('every zone Intl lists leads to a name a fixture may use', async (t) => {
  const refused = Intl.supportedValuesOf('timeZone').filter((z) => !isIanaZoneName(currentName(z)))
  t.strictSame(refused, [])
})

t.test('an alias is refused with the current IANA name of the zone ICU would have used', async (t) => {
  t.equal(timeZoneProblem('IST'), '"IST" is not an IANA zone name; did you mean "Asia/Kolkata"?')
  t.equal(timeZoneProblem('PST'), '"PST" is not an IANA zone name; did you mean "America/Los_Angeles"?')
  t.equal(timeZoneProblem('EST5EDT'), '"EST5EDT" is not an IANA zone name; did you mean "America/New_York"?')
  t.equal(timeZoneProblem('Zulu'), '"Zulu" is not an IANA zone name; did you mean "UTC"?')
  t.equal(timeZoneProblem('europe/kiev'), '"europe/kiev" is not an IANA zone name; did you mean "Europe/Kyiv"?')
})

t.test('a link written in another letter case, or a SystemV zone in any case, is refused too', async (t) => {
  const meant = { 'us/pacific': 'America/Los_Angeles', 'US/PACIFIC': 'America/Los_Angeles', 'ETC/UTC': 'UTC', 'etc/gmt+5': 'Etc/GMT+5' }
  for (const [name, zone] of Object.entries(meant)) t.equal(timeZoneProblem(name), `"${name}" is not an IANA zone name; did you mean "${zone}"?`)
  t.equal(timeZoneProblem('systemv/est5'), '"systemv/est5" is not an IANA zone name (use one such as "Asia/Kolkata")')
  for (const link of ['Canada/Eastern', 'America/Argentina/ComodRivadavia', 'America/Knox_IN', 'Antarctica/DumontDUrville']) t.equal(timeZoneProblem(link), undefined, link)
})
