// The page's wiring: reads the admin API and the explain endpoint, renders with the helpers in ../render, and
// follows the journals with one poll loop. All markup comes from the render helpers (every value escaped there);
// lists are updated row by row (keyed.ts), so a poll that brings nothing new changes nothing on the page.
import { AdminApiError, createAdminClient, type AdminClient, type RequestJournalQuery } from '../../client/admin.js'
import { curlCommand } from '../../client/curl.js'
import { appKeyOf, testWorkspaceIdOf } from '../../fixtures/app-key.js'
import type {
  AdminAudienceView, AdminBehaviour, AdminClockState, AdminExperiences, AdminRequestDetail, ExplainResponse, FixtureFile, FixtureWorkspace,
  JournalEvent, JournalRequest, RequestDecision
} from '../../generated/types.js'
import { behaviourSummary } from '../render/behaviour.js'
import { experienceCard } from '../render/experiences.js'
import { FAULT_PRESETS, faultList, faultRule } from '../render/faults.js'
import { html } from '../render/html.js'
import { faultNotice, prettyJson, requestDetail } from '../render/inspector.js'
import {
  EVENT_COLUMNS, REQUEST_COLUMNS, emptyEvents, eventAnnouncement, eventRow, filterEvents, requestRow, tableShell
} from '../render/journals.js'
import { formatInstant, viewerZone } from '../render/time.js'
import { traceView } from '../render/trace.js'
import { DAY_NAMES, HOUR_NAMES, UA_PRESETS, visitorForm } from '../render/visitor.js'
import { $, fail, on, reasonOf, setText, show } from './dom.js'
import { customRow, fillForm, formEnvironment, formRequest, rememberTicks, renderKeys, tickKeys } from './form.js'
import { KeyedList } from './keyed.js'
import { startPolling, type Poller } from './poll.js'

const POLL_MS = 1000
/** The longest wait between two tries while the mock does not answer. */
const RETRY_CEILING_MS = 8000
const EVENTS_SHOWN = 200
const REQUESTS_SHOWN = 100

/** With --admin-token the page is opened as /__ui?token=…: kept for this tab only, and taken off the address bar. */
function takeToken (): string | undefined {
  const url = new URL(location.href)
  const given = url.searchParams.get('token')
  if (given !== null) {
    sessionStorage.setItem('personalize-mock-admin-token', given)
    url.searchParams.delete('token')
    history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return sessionStorage.getItem('personalize-mock-admin-token') ?? undefined
}

function base64 (text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
}

const state = {
  admin: undefined as unknown as AdminClient,
  poller: undefined as unknown as Poller,
  zone: viewerZone(),
  fixtures: undefined as FixtureFile | undefined,
  experiences: undefined as AdminExperiences | undefined,
  behaviour: undefined as AdminBehaviour | undefined,
  workspace: '',
  /** Bumped when what the lists show must start over (workspace, filters, reset): a poll answered before is dropped. */
  generation: 0,
  /** Requests shown, oldest first, and the newest seq read (the cursor). */
  requests: [] as JournalRequest[],
  requestCursor: 0,
  events: [] as JournalEvent[],
  /** Set once the events of the workspace were first read: events after that are news, announced. */
  eventsRead: false,
  /** The newest event seq announced (or there when the events were first read): only newer ones are news. */
  eventsSeen: 0,
  selected: undefined as number | undefined,
  inspected: undefined as AdminRequestDetail | undefined,
  today: undefined as RequestDecision | undefined,
  /** The request journal's newest seq at the last poll: when it moves, something happened (events included). */
  lastSeq: -1,
  /** The clock last shown, to redraw the experiences (serving now or not) only when it changed. */
  clock: ''
}

let requestRows: KeyedList<JournalRequest>
let eventRows: KeyedList<JournalEvent>

function currentWorkspace (): FixtureWorkspace | undefined {
  return state.fixtures?.workspaces.find((w) => w.id === state.workspace)
}

function currentView (): AdminExperiences['workspaces'][number] | undefined {
  return state.experiences?.workspaces.find((w) => w.id === state.workspace)
}

function audiencesOf (key: string): readonly AdminAudienceView[] | undefined {
  return currentView()?.experiences.find((e) => e.key === key)?.audiences
}

/* ---------- fixtures and experiences ---------- */

async function loadFixtures (): Promise<void> {
  const [fixtures, experiences, health] = await Promise.all([state.admin.getFixtures(), state.admin.experiences(), state.admin.health()])
  state.fixtures = fixtures
  state.experiences = experiences
  state.behaviour = health.behaviour
  const ids = fixtures.workspaces.map((w) => w.id)
  if (!ids.includes(state.workspace)) switchWorkspace(ids[0] ?? '')
  show('workspace', html`${ids.map((id) => html`<option value="${id}" ${id === state.workspace ? html`selected` : ''}>${id}</option>`)}`)
  const anyOf = html`<option value="">any</option>${ids.map((id) => html`<option>${id}</option>`)}`
  show('filter-workspace', anyOf)
  show('fault-workspace', anyOf)
  renderWorkspace()
}

/** The experiences of the workspace shown, and the form's choices; ticks and typed values stay as they are. */
function renderWorkspace (): void {
  const view = currentView()
  show('behaviour', state.behaviour === undefined ? html`` : behaviourSummary(state.behaviour, state.workspace))
  if (view === undefined || view.experiences.length === 0) {
    setText('experience-clock', '')
    show('experience-list', html`<p class="empty">This workspace has no experiences.</p>`)
  } else {
    const now = state.experiences?.now
    setText('experience-clock', `Workspace time zone ${view.time_zone}; mock clock ${now === undefined ? '?' : formatInstant(now, 'UTC', { seconds: true })}.`)
    show('experience-list', html`<div class="cards">${view.experiences.map((e) => experienceCard(e, state.zone))}</div>`)
  }
  renderKeys(state.workspace, (view?.experiences ?? []).map((e) => e.key))
  renderCustomerIds()
}

function switchWorkspace (id: string): void {
  state.workspace = id
  state.generation++
  state.events = []
  state.eventsRead = false
  renderEvents()
}

/** Suggestions for the customer id: the fixture users of the environment chosen (Live's users, or test_users). */
function renderCustomerIds (): void {
  const ws = currentWorkspace()
  const users = formEnvironment() === 'test' ? ws?.test_users : ws?.users
  show('customer-ids', html`${(users ?? []).map((u) => html`<option value="${u.customer_id}"></option>`)}`)
}

/* ---------- simulate ---------- */

/** The MOE-APPKEY of the environment chosen in the form (the Test one also serves as the Basic user name). */
function formAppKey (workspaceId: string): string {
  return appKeyOf(workspaceId, formEnvironment())
}

function setStatus (text: string, className: string): void {
  const status = $('fetch-status')
  status.textContent = text
  status.className = className
}

/** The same request to fetch (what the app gets, faults included) and to explain (why). */
async function simulate (): Promise<void> {
  const ws = currentWorkspace()
  if (ws === undefined) return
  const body = formRequest()
  const appKey = formAppKey(ws.id)
  const headers = { 'content-type': 'application/json', 'moe-appkey': appKey, authorization: `Basic ${base64(`${appKey}:${ws.personalize_api_key}`)}` }
  // Nothing of the previous visitor stays on screen while (or if) this one fails.
  setStatus('sending…', 'status')
  $('fetch-response').textContent = ''
  show('trace', html``)
  $('simulate-button').setAttribute('aria-busy', 'true')
  try {
    const [fetched, explained] = await Promise.allSettled([
      fetch('/v1/experiences/fetch', { method: 'POST', headers, body: JSON.stringify(body) }).then(async (r) => ({ r, text: await r.text() })),
      fetch('/__mock/explain', { method: 'POST', headers, body: JSON.stringify(body) })
        .then(async (r) => await r.json() as ExplainResponse | { title: string, description: string })
    ])
    if (fetched.status === 'fulfilled') {
      const { r, text } = fetched.value
      setStatus(`HTTP ${r.status} ${r.statusText}`, r.ok ? 'status s2xx' : 'status s5xx')
      $('fetch-response').textContent = prettyJson(text)
    } else {
      setStatus(`no answer: ${reasonOf(fetched.reason)}`, 'status dropped')
    }
    if (explained.status === 'rejected') {
      show('trace', html`<p class="error">The explanation could not be read: ${reasonOf(explained.reason)}</p>`)
    } else if ('experiences' in explained.value) {
      // The trace is what the fixtures decide; when a fault answers instead, it says so above it.
      const fault = explained.value.fault
      const caveat = fault === undefined ? html`` : faultNotice(fault, 'would answer')
      show('trace', html`${caveat}${traceView(explained.value, audiencesOf, { level: 4, zone: state.zone })}`)
    } else {
      show('trace', html`<p class="error">${explained.value.title}: ${explained.value.description}</p>`)
    }
  } finally {
    $('simulate-button').removeAttribute('aria-busy')
    void state.poller.now()
  }
}

async function copyCurl (): Promise<void> {
  const ws = currentWorkspace()
  if (ws === undefined) return
  // Always the form as it is now, in the workspace shown now.
  const command = curlCommand({
    url: `${location.origin}/v1/experiences/fetch`,
    workspace: { id: formAppKey(ws.id), key: ws.personalize_api_key },
    body: formRequest()
  })
  const box = $('curl')
  box.textContent = command
  box.hidden = false
  try {
    await navigator.clipboard.writeText(command)
    $('copied').textContent = 'copied'
  } catch {
    // No clipboard (an insecure origin, a denied permission): the command is shown to copy by hand.
    $('copied').textContent = 'select the command below to copy it'
  }
}

function jumpToForm (): void {
  $('simulate').scrollIntoView()
  $('customer-id').focus({ preventScroll: true })
}

/* ---------- journals ---------- */

function requestFilters (): RequestJournalQuery {
  const filters: RequestJournalQuery = {}
  const value = (id: string): string => $<HTMLInputElement>(id).value.trim()
  const route = value('filter-route')
  if (route !== '') filters.route = route as NonNullable<RequestJournalQuery['route']>
  if (value('filter-workspace') !== '') filters.workspace = value('filter-workspace')
  if (value('filter-customer') !== '') filters.customer = value('filter-customer')
  // A status as typed when it reads as one (404, 4xx, 0); the field marks it invalid otherwise.
  const status = $<HTMLInputElement>('filter-status')
  const typed = value('filter-status')
  if (typed !== '' && status.checkValidity()) filters.status = /^\d+$/.test(typed) ? Number(typed) : typed as `${1 | 2 | 3 | 4 | 5}xx`
  return filters
}

/** The filters changed: the list starts over with the newest matching requests. */
function refilter (): void {
  state.generation++
  state.requests = []
  state.requestCursor = 0
  renderRequests()
  void state.poller.now()
}

/** Shows the empty line or the table, touching neither when that does not change. */
function emptyOrTable (list: string, none: boolean): void {
  const empty = $(list).querySelector<HTMLElement>('.empty')
  const table = $(list).querySelector<HTMLElement>('table')
  if (empty !== null && empty.hidden === none) empty.hidden = !none
  if (table !== null && table.hidden !== none) table.hidden = none
}

function renderRequests (): void {
  const shown = [...state.requests].reverse()
  emptyOrTable('request-list', shown.length === 0)
  requestRows.update(shown)
}

function renderEvents (): void {
  const filter = $<HTMLInputElement>('event-filter').value
  const shown = filterEvents(state.events, filter).reverse()
  setText('events-empty', emptyEvents(state.events.length, filter))
  emptyOrTable('event-list', shown.length === 0)
  eventRows.update(shown)
  // News: events newer than any seen, and only once (not again when a filter brings a row back).
  const newest = Math.max(state.eventsSeen, ...state.events.map((e) => e.seq))
  if (state.eventsRead) {
    const news = shown.filter((e) => e.seq > state.eventsSeen).reverse().map(eventAnnouncement)
    if (news.length > 0) setText('event-news', news.length > 3 ? `${news.length} new events; the newest: ${news.at(-1) ?? ''}` : news.join(' '))
  }
  state.eventsSeen = newest
}

function renderClock (clock: AdminClockState): void {
  // Shown to the minute, so a running clock changes the header once a minute, not at every poll.
  const at = formatInstant(clock.now, 'UTC')
  setText('clock-now', `mock clock ${at} (${clock.clock === 'fixed' ? 'set' : 'real time'})`)
}

/**
 * One beat: what is new in the request journal (since the cursor), the faults and the clock; the events of the
 * workspace only when the journal moved (every event arrives in a request, and so does a retry that counts as a
 * duplicate of an event already listed).
 */
async function tick (): Promise<void> {
  const asked = state.generation
  // The journal first: while the mock is away, one failed request a try, not four.
  const page = await state.admin.requests({ ...requestFilters(), since: state.requestCursor, last: REQUESTS_SHOWN })
  const moved = page.last_seq !== state.lastSeq || !state.eventsRead
  const [events, faults, clock] = await Promise.all([
    moved && state.workspace !== '' ? state.admin.events({ workspace: state.workspace, last: EVENTS_SHOWN }) : undefined,
    state.admin.faults(),
    state.admin.clock()
  ])
  renderClock(clock)
  show('fault-list', faultList(faults.faults))
  if (asked !== state.generation) return
  // A newest seq below the cursor: the mock restarted, its journal is another one.
  if (page.last_seq < state.requestCursor) {
    state.requests = []
    state.requestCursor = 0
  }
  state.lastSeq = page.last_seq
  const fresh = page.requests.filter((r) => r.seq > state.requestCursor)
  if (fresh.length > 0) {
    state.requests = [...state.requests, ...fresh].slice(-REQUESTS_SHOWN)
    state.requestCursor = Math.max(state.requestCursor, ...fresh.map((r) => r.seq))
  }
  renderRequests()
  if (events !== undefined) {
    state.events = events.events
    renderEvents()
    state.eventsRead = true
  }
  // The clock moved (set from elsewhere, or a new minute of real time): what serves now may have changed.
  const clockKey = `${clock.clock} ${clock.now.slice(0, 16)}`
  if (state.clock !== '' && clockKey !== state.clock) await loadFixtures()
  state.clock = clockKey
}

/* ---------- the request inspector ---------- */

function markSelected (el: Element, key: string): void {
  const selected = String(state.selected) === key
  el.classList.toggle('selected', selected)
  if (selected) el.setAttribute('aria-current', 'true')
  else if (el.hasAttribute('aria-current')) el.removeAttribute('aria-current')
}

async function inspect (seq: number): Promise<void> {
  const previous = state.selected
  state.selected = seq
  for (const key of [previous, seq]) {
    const row = key === undefined ? undefined : requestRows.row(String(key))
    if (row !== undefined) markSelected(row, String(key))
  }
  state.today = undefined
  const detail = await state.admin.request(seq)
  // Another row may have been clicked while this one was read: only the row on screen is kept.
  if (state.selected !== seq) return
  state.inspected = detail
  renderInspector()
  // Beside the list there is nothing to move to; below it (a phone), the reader is taken to it.
  if (matchMedia('(max-width: 900px)').matches) {
    $('inspector').scrollIntoView()
    document.getElementById('inspector-title')?.focus({ preventScroll: true })
  }
}

function renderInspector (): void {
  const d = state.inspected
  if (d === undefined) return
  show('inspector', requestDetail(d, { zone: state.zone, audiencesOf, ...(state.today === undefined ? {} : { today: state.today }) }))
}

async function explainToday (): Promise<void> {
  const d = state.inspected
  if (d === undefined) return
  const again = await state.admin.request(d.seq, { against: 'current' })
  if (state.inspected !== d || again.decision === undefined || again.decision === null) return
  state.today = again.decision
  renderInspector()
}

/** "Simulate this again": the form filled from the request inspected, in its workspace and environment. */
function simulateAgain (): void {
  const d = state.inspected
  if (d === undefined) return
  const environment = d.environment ?? 'live'
  const id = d.workspace === null ? undefined : environment === 'test' ? testWorkspaceIdOf(d.workspace) : d.workspace
  if (id !== undefined && id !== state.workspace && state.fixtures?.workspaces.some((w) => w.id === id) === true) {
    $<HTMLSelectElement>('workspace').value = id
    switchWorkspace(id)
    renderWorkspace()
  }
  const { form, leftOut } = visitorForm(d.body)
  leftOut.push(...fillForm(form, environment))
  renderCustomerIds()
  setText('form-note', leftOut.length === 0
    ? `The form holds request ${d.seq}; press Simulate to send it again.`
    : `The form holds request ${d.seq}, without ${leftOut.join(', ')}.`)
  jumpToForm()
}

/* ---------- faults and reset ---------- */

async function addCustomFault (): Promise<void> {
  const value = (id: string): string => $<HTMLInputElement>(id).value
  const made = faultRule({
    route: value('fault-route'),
    workspace: value('fault-workspace'),
    status: value('fault-status'),
    delayMs: value('fault-delay'),
    probability: value('fault-probability'),
    times: value('fault-times'),
    resetConnection: $<HTMLInputElement>('fault-reset').checked
  })
  if ('problem' in made) throw new Error(`The fault was not added: ${made.problem}.`)
  await state.admin.addFault(made.rule)
  await state.poller.now()
}

async function removeFault (id: number): Promise<void> {
  await state.admin.removeFault(id).catch((err: unknown) => {
    // Gone already (its times ran out meanwhile): the list below catches up.
    if (!(err instanceof AdminApiError && err.status === 404)) throw err
  })
  await state.poller.now()
}

async function reset (): Promise<void> {
  await state.admin.reset()
  state.generation++
  state.requests = []
  state.requestCursor = 0
  state.events = []
  state.eventsRead = false
  state.selected = undefined
  state.inspected = undefined
  show('inspector', html`<p class="empty">The mock was reset: pick a request to inspect it.</p>`)
  renderRequests()
  renderEvents()
  await loadFixtures()
  await state.poller.now()
}

/* ---------- start ---------- */

function wire (): void {
  on('workspace', 'change', (e) => { switchWorkspace((e.target as HTMLSelectElement).value); renderWorkspace() })
  on('environment', 'change', renderCustomerIds)
  on('visitor-form', 'submit', async (e) => { e.preventDefault(); await simulate() })
  on('copy-curl', 'click', copyCurl)
  on('add-custom', 'click', () => { $('custom-keys').insertAdjacentHTML('beforeend', customRow().text) })
  on('keys-all', 'click', () => { tickKeys(undefined) })
  on('keys-none', 'click', () => { tickKeys([]) })
  on('experience-keys', 'change', rememberTicks)
  on('experience-list', 'click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button.simulate-this')
    if (button === null) return
    tickKeys([button.dataset.key ?? ''])
    setText('form-note', `Asking for ${button.dataset.key ?? ''} only.`)
    jumpToForm()
  })
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-ua]')) {
    button.addEventListener('click', () => { $<HTMLInputElement>('user-agent').value = UA_PRESETS[button.dataset.ua as keyof typeof UA_PRESETS] })
  }
  on('clock-set', 'click', async () => {
    const local = $<HTMLInputElement>('clock-input').value
    if (local === '') return
    await state.admin.setClock({ now: new Date(`${local}Z`).toISOString() })
    await Promise.all([loadFixtures(), state.poller.now()])
  })
  on('clock-release', 'click', async () => { await state.admin.releaseClock(); await Promise.all([loadFixtures(), state.poller.now()]) })
  on('event-filter', 'input', renderEvents)
  for (const id of ['filter-route', 'filter-workspace', 'filter-status']) on(id, 'change', refilter)
  let typing: ReturnType<typeof setTimeout> | undefined
  on('filter-customer', 'input', () => { clearTimeout(typing); typing = setTimeout(refilter, 300) })
  on('request-filters', 'submit', (e) => { e.preventDefault(); refilter() })
  on('request-list', 'click', async (e) => {
    const row = (e.target as Element).closest<HTMLElement>('tr[data-seq]')
    if (row !== null) await inspect(Number(row.dataset.seq))
  })
  on('inspector', 'click', async (e) => {
    const target = e.target as Element
    if (target.closest('button.explain-today') !== null) await explainToday()
    if (target.closest('button.simulate-again') !== null) simulateAgain()
  })
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-fault]')) {
    button.addEventListener('click', () => {
      const rule = FAULT_PRESETS[button.dataset.fault ?? '']
      if (rule !== undefined) state.admin.addFault(rule).then(state.poller.now).catch(fail)
    })
  }
  on('fault-form', 'submit', async (e) => { e.preventDefault(); await addCustomFault() })
  on('fault-list', 'click', async (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button.remove-fault')
    if (button !== null) await removeFault(Number(button.dataset.faultId))
  })
  on('faults-clear', 'click', async () => { await state.admin.clearFaults(); await state.poller.now() })
  const dialog = $<HTMLDialogElement>('reset-dialog')
  on('reset', 'click', () => { dialog.returnValue = ''; dialog.showModal() })
  dialog.addEventListener('close', () => { if (dialog.returnValue === 'reset') reset().catch(fail) })
  on('error-close', 'click', () => { $('error').hidden = true })
}

async function start (): Promise<void> {
  const token = takeToken()
  state.admin = createAdminClient({ url: location.origin, ...(token === undefined ? {} : { token }) })
  show('day', html`<option value="">from the mock's clock</option>${DAY_NAMES.map((d) => html`<option>${d}</option>`)}`)
  show('hour', html`<option value="">from the mock's clock</option>${HOUR_NAMES.map((h) => html`<option>${h}</option>`)}`)
  $('custom-keys').innerHTML = customRow('utm_medium').text
  show('request-list', html`<p class="empty" id="requests-empty">No requests yet: what your app, the contract suite or this page sends appears here.</p>
    ${tableShell('requests', 'Requests, newest first', REQUEST_COLUMNS)}`)
  show('event-list', html`<p class="empty" id="events-empty"></p>${tableShell('events', 'Events, newest first', EVENT_COLUMNS)}`)
  requestRows = new KeyedList($('request-list').querySelector('tbody') as Element, (r) => String(r.seq), (r) => requestRow(r, state.zone), markSelected)
  eventRows = new KeyedList($('event-list').querySelector('tbody') as Element, (e) => String(e.seq), (e) => eventRow(e, state.zone))
  wire()
  await loadFixtures()
  state.poller = startPolling({
    every: POLL_MS,
    ceiling: RETRY_CEILING_MS,
    tick,
    down: (err, retryInMs) => {
      const unreachable = err instanceof TypeError
      const connection = $('connection')
      setText(connection, `${unreachable ? 'mock unreachable' : reasonOf(err)}, retrying in ${Math.round(retryInMs / 1000)} s`)
      connection.classList.add('down')
    },
    up: () => {
      setText('connection', '')
      $('connection').classList.remove('down')
      // The mock may have restarted with other fixtures.
      loadFixtures().catch(fail)
    }
  })
}

start().catch(fail)
