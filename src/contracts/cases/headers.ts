// MOE-APPKEY and Basic auth are checked on every endpoint, before the body.
import { basicAuthorization } from '../../client/transport.js'
import type { ContractCase } from '../case.js'
import { VENDOR } from '../vendor-text.js'
import { FETCH, METADATA, postJson } from './requests.js'

export const headerCases: ContractCase[] = [
  {
    id: 'appkey.missing',
    title: 'a request without MOE-APPKEY is 400 Request Error, on fetch and metadata',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const fetch = await send('fetch without MOE-APPKEY', postJson(FETCH, {}, { 'MOE-APPKEY': null }))
      check.envelope(fetch, 'fetch', { status: 400, ...VENDOR.CLIENT_NOT_FOUND, code: 'optional' })
      const metadata = await send('metadata without MOE-APPKEY', { method: 'GET', path: METADATA, headers: { 'MOE-APPKEY': null } })
      check.envelope(metadata, 'metadata', { status: 400, ...VENDOR.CLIENT_NOT_FOUND, code: 'optional' })
    }
  },
  {
    id: 'appkey.unknown',
    title: 'an unknown MOE-APPKEY is 400 Request Error',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const res = await send('fetch with an unknown MOE-APPKEY', postJson(FETCH, {}, { 'MOE-APPKEY': 'CONTRACT_SUITE_NO_SUCH_WORKSPACE' }))
      check.envelope(res, 'fetch', { status: 400, ...VENDOR.CLIENT_NOT_FOUND, code: 'optional' })
    }
  },
  {
    id: 'auth.wrong-key',
    title: 'the right workspace with a wrong Personalize API key is 401 Authentication required',
    needs: [],
    writes: false,
    async run ({ workspaceId, send, check }) {
      const res = await send('fetch with a wrong key', postJson(FETCH, {}, { Authorization: basicAuthorization(workspaceId, 'contract-suite-not-the-key') }))
      check.envelope(res, 'fetch', { status: 401, ...VENDOR.AUTH, code: 'optional' })
    }
  },
  {
    id: 'auth.missing',
    title: 'a request without Authorization is 401 Authentication required',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const res = await send('fetch without Authorization', postJson(FETCH, {}, { Authorization: null }))
      check.envelope(res, 'fetch', { status: 401, ...VENDOR.AUTH, code: 'optional' })
    }
  },
  {
    id: 'auth.bad-credentials',
    title: 'credentials that are not the workspace\'s are 401 Authentication required',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const res = await send('metadata with wrong credentials', {
        method: 'GET', path: METADATA, headers: { Authorization: basicAuthorization('contract-suite', 'not-a-personalize-key') }
      })
      check.envelope(res, 'metadata', { status: 401, ...VENDOR.AUTH, code: 'optional' })
    }
  }
]
