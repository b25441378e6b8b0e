// Opaque ids in the vendor's shape: req_id and error codes are 8 ASCII letters (e.g. "SKuSLFnX").
import { randomInt } from 'node:crypto'

export interface IdSource {
  /** 8 letters for events' req_id. */
  requestId: () => string
  /** 8 letters for the code of field validation errors. */
  errorCode: () => string
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

export function randomLetters (length = 8, draw: (max: number) => number = randomInt): string {
  let out = ''
  for (let i = 0; i < length; i++) out += LETTERS[draw(LETTERS.length)]
  return out
}

export const randomIds: IdSource = { requestId: () => randomLetters(), errorCode: () => randomLetters() }
