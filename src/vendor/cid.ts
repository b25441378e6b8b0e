// The experience_context cid: <24 hex>_F_T_WP_AB_<variation id>_P_0_AU_<audience id>. Its one definition is the
// pattern in schemas/common.schema.json; building and parsing both read it, so no other file spells the format.
import { CID_PATTERN } from '../generated/vendor-formats.js'

/** The three variable parts of a cid, in order. */
export interface CidParts {
  campaignId: string
  variationId: string
  audienceId: string
}

/** A character class with a count ([0-9a-f]{24}, [0-9]+): one variable part of the pattern. */
const PART = /\[[^\]]+\](?:\{\d+\}|\+)/g

/** The pattern with each variable part captured. */
const CAPTURING = new RegExp(CID_PATTERN.replace(PART, '($&)'))

/** The literal text around the parts: before the first, between them, after the last. */
const LITERALS = CID_PATTERN.replace(/^\^|\$$/g, '').split(PART)

if (LITERALS.length !== 4) throw new Error(`the cid pattern must have three variable parts: ${CID_PATTERN}`)

/** The cid of an experience's campaign for a variation of an audience (no check: placeholders such as "<24 hex>" pass). */
export function buildCid (campaignId: string, variationId: string, audienceId: string): string {
  const [a, b, c, d] = LITERALS as [string, string, string, string]
  return `${a}${campaignId}${b}${variationId}${c}${audienceId}${d}`
}

/** The parts of a well-formed cid; undefined for anything else. */
export function parseCid (cid: string): CidParts | undefined {
  const m = CAPTURING.exec(cid)
  if (m === null) return undefined
  const [, campaignId = '', variationId = '', audienceId = ''] = m
  return { campaignId, variationId, audienceId }
}

/** The cid's shape in words, for messages: <24 hex>_F_T_WP_AB_<variation>_P_0_AU_<audience>. */
export const CID_SHAPE = buildCid('<24 hex>', '<variation>', '<audience>')
