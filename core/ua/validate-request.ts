/**
 * What a UAS checks before acting on a request (RFC 3261 §8.2), answering as RFC 4475
 * expects: 505 for another version, 400 for malformed or missing mandatory headers and
 * a CSeq/method mismatch, 501/405 with Allow for methods not done here, 416 for an
 * unknown Request-URI scheme, 420 with Unsupported for an unknown Require, 415 with
 * Accept for a body it cannot read, 406 when the Accept excludes SDP.
 */
import * as E from 'fp-ts/lib/Either.js'
import { codecs, headerValue, headerValues, parseUri, rawField, type HeaderField, type SipRequest } from '../message/index.ts'
import { allowedMethods, knownMethods, supportedTags, type UaConfig } from './config.ts'

export interface Rejection {
  readonly status: number
  readonly reason?: string
  readonly headers?: ReadonlyArray<HeaderField>
}

type Extensions = Pick<UaConfig, 'extensions'>

/** Made once per combination of extensions: these go on every dialog-forming message. */
const capabilityCache = new Map<string, { readonly allow: HeaderField; readonly supported: HeaderField; readonly tags: ReadonlyArray<string> }>()
const capabilitiesOf = ({ extensions }: Extensions) => {
  const key = `${extensions.refer}/${extensions.replaces}`
  let c = capabilityCache.get(key)
  if (c === undefined) {
    // A UA without REFER answers it 501, so does not list it (§20.5); without Replaces it does not claim it (R3891-17).
    const methods = extensions.refer ? allowedMethods : allowedMethods.filter((m) => m !== 'REFER')
    const tags = extensions.replaces ? supportedTags : supportedTags.filter((t) => t !== 'replaces')
    c = { allow: rawField('Allow', methods.join(', ')), supported: rawField('Supported', tags.join(', ')), tags }
    capabilityCache.set(key, c)
  }
  return c
}

/** Allow: the methods this UA does (RFC 3261 §20.5). */
export const allowHeader = (config: Extensions): HeaderField => capabilitiesOf(config).allow
/** Supported: the option tags this UA does (RFC 3261 §20.37). */
export const supportedHeader = (config: Extensions): HeaderField => capabilitiesOf(config).supported
export const supportedTagsOf = (config: Extensions): ReadonlyArray<string> => capabilitiesOf(config).tags
export const acceptHeader = (): HeaderField => rawField('Accept', 'application/sdp, message/sipfrag')

const mandatory: ReadonlyArray<readonly [string, string]> = [
  ['call-id', 'Call-ID'], ['from', 'From'], ['to', 'To'], ['cseq', 'CSeq'], ['via', 'Via'],
]

/** Body types this UA reads, by method. */
const readable: Readonly<Record<string, ReadonlyArray<string>>> = {
  INVITE: ['application/sdp'],
  ACK: ['application/sdp'],
  NOTIFY: ['message/sipfrag'],
}

/**
 * §8.2: undefined when the request may proceed, else the response to send. The request
 * has passed `validateMessage` already (ua.ts answers a malformed one 400 before this).
 */
export const checkRequest = (req: SipRequest, config: Extensions): Rejection | undefined => {
  const supported = supportedTagsOf(config)
  // §8.2 / RFC 4475 badvers: another SIP version.
  if (req.version.toUpperCase() !== 'SIP/2.0') return { status: 505 }
  // §8.2.1: methods (RFC 4475 mismatch02 prefers 501 over a CSeq mismatch's 400).
  if (!allowedMethods.includes(req.method)) {
    return { status: knownMethods.includes(req.method) ? 405 : 501, headers: [allowHeader(config)] }
  }
  // RFC 4475 insuf: mandatory headers (Max-Forwards may be missing: RFC 2543 peers, inv2543).
  for (const [key, name] of mandatory) {
    if (!req.headers.some((h) => h.key === key)) return { status: 400, reason: `Missing ${name}` }
  }
  const cseq = headerValue(req, codecs.cseq)
  if (E.isRight(cseq) && cseq.right !== undefined && cseq.right.method !== req.method) {
    return { status: 400, reason: 'CSeq Method Mismatch' } // RFC 4475 mismatch01
  }
  // RFC 3891 §3 (R3891-4): Replaces belongs to INVITE only (an ACK cannot be answered).
  if (req.method !== 'INVITE' && req.method !== 'ACK' && req.headers.some((h) => h.key === 'replaces')) {
    return { status: 400, reason: 'Replaces Only in INVITE' }
  }
  // §8.2.2.1: the Request-URI scheme.
  const uri = parseUri(req.uri)
  if (E.isRight(uri)) {
    if (uri.right.type !== 'sip') return { status: 416 }
    // RFC 4475 escruri: headers have no place in a Request-URI.
    if (uri.right.headers.length > 0) return { status: 400, reason: 'Headers in Request-URI' }
  }
  // §8.2.2.3: Require with tags we do not support.
  const require = headerValues(req, codecs.require)
  if (E.isRight(require)) {
    const unsupported = require.right.filter((t) => !supported.includes(t.toLowerCase()))
    if (unsupported.length > 0 && req.method !== 'ACK' && req.method !== 'CANCEL') {
      return { status: 420, headers: [rawField('Unsupported', unsupported.join(', '))] }
    }
  }
  // §8.2.3: a body we cannot read.
  const contentType = headerValue(req, codecs.contentType)
  const types = readable[req.method]
  if (req.body.length > 0 && types !== undefined && E.isRight(contentType) && contentType.right !== undefined) {
    const t = `${contentType.right.type}/${contentType.right.subtype}`.toLowerCase()
    if (!types.includes(t)) return { status: 415, headers: [rawField('Accept', types.join(', '))] }
  }
  // RFC 4475 sdp01: the INVITE's Accept excludes the SDP we would answer with.
  const accept = req.headers.filter((h) => h.key === 'accept')
  if (req.method === 'INVITE' && accept.length > 0) {
    const listed = accept.flatMap((h) => h.value.split(',')).map((v) => (v.split(';')[0] ?? '').trim().toLowerCase())
    if (!listed.some((v) => v === 'application/sdp' || v === 'application/*' || v === '*/*' || v === '')) {
      return { status: 406, headers: [rawField('Accept', 'application/sdp')] }
    }
  }
  return undefined
}
