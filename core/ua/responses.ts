/** Building responses (RFC 3261 §8.2.6): Via, From, Call-ID, CSeq copied; To gets our tag. */
import { codecs, field, headerValue, rawField, type HeaderField, type NameAddr, type SipResponse } from '../message/index.ts'

/** Reason phrases of RFC 3261 §21 and the extensions used here. */
export const reasonPhrases: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 181: 'Call Is Being Forwarded', 182: 'Queued', 183: 'Session Progress',
  200: 'OK', 202: 'Accepted', 300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Moved Temporarily',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme', 420: 'Bad Extension', 429: 'Provide Referrer Identity', 480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist', 482: 'Loop Detected', 483: 'Too Many Hops', 486: 'Busy Here',
  487: 'Request Terminated', 488: 'Not Acceptable Here', 489: 'Bad Event', 491: 'Request Pending', 500: 'Server Internal Error',
  501: 'Not Implemented', 503: 'Service Unavailable', 504: 'Server Time-out', 505: 'Version Not Supported',
  600: 'Busy Everywhere', 603: 'Decline', 604: 'Does Not Exist Anywhere', 606: 'Not Acceptable',
}

export const reasonOf = (status: number): string =>
  reasonPhrases[status] ?? (status < 200 ? 'Session Progress' : status < 300 ? 'OK' : status < 400 ? 'Redirect' : 'Error')

export interface ResponseOptions {
  readonly reason?: string
  /** Our tag for the To header (dialog-forming responses and all finals but 100). */
  readonly toTag?: string
  readonly contact?: NameAddr
  readonly headers?: ReadonlyArray<HeaderField>
  readonly body?: Uint8Array
  readonly contentType?: string
}

const copied: ReadonlySet<string> = new Set(['via', 'from', 'call-id', 'cseq'])

/**
 * §8.2.6.2: a response to `request`. Works on the header fields alone, so a request
 * whose start line or a header failed to parse can still be answered 400.
 * §12.1.1: a 101-299 may establish a dialog, so it copies Record-Route, in order (the
 * peer takes it only from dialog-forming ones).
 */
export const makeResponse = (
  request: { readonly headers: ReadonlyArray<HeaderField> },
  status: number,
  options: ResponseOptions = {},
): SipResponse => {
  const headers: Array<HeaderField> = []
  const dialogForming = status > 100 && status < 300
  for (const h of request.headers) {
    if (copied.has(h.key) || (dialogForming && h.key === 'record-route')) headers.push({ name: h.name, key: h.key, value: h.value })
    else if (h.key === 'to') headers.push(withToTag(h, options.toTag))
  }
  if (options.contact !== undefined) headers.push(field(codecs.contact, options.contact))
  if (options.headers !== undefined) headers.push(...options.headers)
  const body = options.body ?? new Uint8Array(0)
  if (options.contentType !== undefined && body.length > 0) headers.push(rawField('Content-Type', options.contentType))
  headers.push(field(codecs.contentLength, body.length))
  return { type: 'response', version: 'SIP/2.0', status, reason: options.reason ?? reasonOf(status), headers, body }
}

/** Add our tag to a To that has none (§8.2.6.2); leave an existing tag alone. */
const withToTag = (to: HeaderField, tag: string | undefined): HeaderField => {
  if (tag === undefined) return { name: to.name, key: to.key, value: to.value }
  const parsed = headerValue({ headers: [to] }, codecs.to)
  if (parsed._tag === 'Left' || parsed.right === undefined) return { name: to.name, key: to.key, value: to.value }
  if (parsed.right.params.some((p) => p.name.toLowerCase() === 'tag')) return { name: to.name, key: to.key, value: to.value }
  return field(codecs.to, { ...parsed.right, params: [...parsed.right.params, { name: 'tag', value: tag }] })
}
