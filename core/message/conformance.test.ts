/**
 * RFC 4475 and RFC 5118 torture messages against their syntax verdicts
 * (fixtures/*\/EXPECTED.md). The semantic verdicts (400/416/420/501/505 answers, drops)
 * are asserted against the user agent in core/ua/conformance.test.ts.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { codecs } from './codecs/index.ts'
import { headerValue, headerValues } from './headers.ts'
import { parseMessage } from './parse.ts'
import type { NameAddr, ParseError, SipMessage, SipUri } from './types.ts'
import { parseUri } from './uri.ts'
import { validateMessage } from './validate.ts'

const dir4475 = new URL('../../fixtures/rfc4475/', import.meta.url)
const dir5118 = new URL('../../fixtures/rfc5118/wire/', import.meta.url)
const read4475 = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.dat`, dir4475)))
const read5118 = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.sip`, dir5118)))

const check = (bytes: Uint8Array): E.Either<ParseError, SipMessage> => E.flatMap(parseMessage(bytes), validateMessage)
const accept = (bytes: Uint8Array): SipMessage => {
  const r = check(bytes)
  if (E.isLeft(r)) throw new Error(`rejected: ${r.left.reason} at ${r.left.at.line}:${r.left.at.column}`)
  return r.right
}
const reject = (bytes: Uint8Array): ParseError => {
  const r = check(bytes)
  if (E.isRight(r)) throw new Error('accepted a message that must be rejected')
  return r.left
}
const get = <A>(r: E.Either<ParseError, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.reason)
  return r.right
}
const requestUri = (m: SipMessage): SipUri => {
  if (m.type !== 'request') throw new Error('expected a request')
  const r = parseUri(m.uri)
  if (E.isLeft(r) || r.right.type !== 'sip') throw new Error('expected a SIP Request-URI')
  return r.right
}
const sipUri = (na: NameAddr | { type: 'star' } | undefined): SipUri => {
  const uri = na !== undefined && 'uri' in na ? na.uri : undefined
  if (uri?.type !== 'sip') throw new Error('expected a SIP URI')
  return uri
}

describe('fixtures are the RFC bytes', () => {
  for (const [folder, sums] of [['rfc4475', 'SHA256SUMS'], ['rfc5118', 'SHA256SUMS']] as const) {
    it(`${folder}: every file matches SHA256SUMS`, () => {
      const base = new URL(`../../fixtures/${folder}/`, import.meta.url)
      const lines = readFileSync(new URL(sums, base), 'utf8').trim().split('\n')
      expect(lines.length).toBeGreaterThan(10)
      for (const line of lines) {
        const [hash, file] = line.split(/\s+\*?/)
        expect(createHash('sha256').update(readFileSync(new URL(file!, base))).digest('hex'), file).toBe(hash)
      }
    })
  }
})

describe('RFC 4475 §3.1.1: valid messages a parser must accept', () => {
  it('wsinv: folding, LWS, compact forms, leading zeros, opaque unknown header', () => {
    const m = accept(read4475('wsinv'))
    expect(get(headerValue(m, codecs.maxForwards))).toBe(68)
    expect(get(headerValue(m, codecs.cseq))).toEqual({ seq: 9, method: 'INVITE' })
    expect(m.headers.find((h) => h.name === 'UnknownHeaderWithUnusualValue')?.value).toBe(';;,,;;,;')
    expect(get(headerValues(m, codecs.via)).map((v) => v.transport)).toEqual(['UDP', 'TCP', 'UDP'])
    expect(m.headers.find((h) => h.key === 'subject')?.value).toBe('')
  })
  it('intmeth: an odd but legal method token, quoted-pairs of NUL, BEL, DEL', () => {
    const m = accept(read4475('intmeth'))
    expect(m.type === 'request' && m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~")
    expect(get(headerValue(m, codecs.to))?.displayName).toContain('\u0000')
  })
  it('esc01: %-escapes decode once, never recursively', () => {
    const m = accept(read4475('esc01'))
    expect(requestUri(m).user).toBe('sips:user@example.com')
    const contact = sipUri(get(headerValue(m, codecs.contact)))
    expect(contact.params).toContainEqual({ name: 'name', value: 'value%41' })
  })
  it('escnull: %00 in the user part does not cut it short; two distinct contacts', () => {
    const m = accept(read4475('escnull'))
    const contacts = get(headerValues(m, codecs.contact))
    expect(contacts.length).toBe(2)
    expect(sipUri(contacts[0]).user).toBe('\u0000')
    expect(sipUri(contacts[1]).user).toBe('\u0000\u0000')
  })
  it('esc02: RE%47IST%45R is not REGISTER; C%6Fntact is an unknown header', () => {
    const m = accept(read4475('esc02'))
    expect(m.type === 'request' && m.method).toBe('RE%47IST%45R')
    expect(get(headerValues(m, codecs.contact)).length).toBe(2)
  })
  it('lwsdisp: no LWS between display name and <', () => {
    expect(get(headerValue(accept(read4475('lwsdisp')), codecs.from))?.displayName).toBe('caller')
  })
  it('longreq: long values and many Vias', () => {
    const m = accept(read4475('longreq'))
    expect(get(headerValues(m, codecs.via)).length).toBeGreaterThan(30)
  })
  it('dblreq: bytes after Content-Length are ignored', () => {
    const m = accept(read4475('dblreq'))
    expect(m.type === 'request' && m.method).toBe('REGISTER')
    expect(m.body.length).toBe(0)
  })
  it('semiuri: ; in the user part belongs to userinfo', () => {
    expect(requestUri(accept(read4475('semiuri'))).user).toBe('user;par=u@example.net')
  })
  it('transports: any transport token in Via', () => {
    const vias = get(headerValues(accept(read4475('transports')), codecs.via))
    expect(vias.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'])
  })
  it('mpart01: a binary multipart body framed by Content-Length', () => {
    const m = accept(read4475('mpart01'))
    expect(m.body.length).toBe(get(headerValue(m, codecs.contentLength)))
    expect(m.body.includes(0)).toBe(true)
  })
  it('unreason and noreason: unusual and empty reason phrases', () => {
    const u = accept(read4475('unreason'))
    expect(u.type === 'response' && u.status).toBe(200)
    expect(u.type === 'response' && u.reason).toMatch(/^= 2\*\*3/)
    const n = accept(read4475('noreason'))
    expect(n.type === 'response' && [n.status, n.reason]).toEqual([100, ''])
  })
})

describe('RFC 4475 §3.1.2: invalid messages', () => {
  const rejected: ReadonlyArray<readonly [string, ParseError['kind'], string?]> = [
    ['badinv01', 'header', 'Via'],
    ['clerr', 'framing'],
    ['ncl', 'framing'],
    ['scalar02', 'header'],
    ['quotbal', 'header', 'To'],
    ['ltgtruri', 'start-line'],
    ['lwsruri', 'start-line'],
    ['lwsstart', 'start-line'],
    ['trws', 'start-line'],
    ['regbadct', 'header', 'Contact'],
    ['badaspec', 'header', 'To'],
    ['bigcode', 'start-line'],
    ['mcl01', 'framing'],
  ]
  for (const [name, kind, header] of rejected) {
    it(`${name}: rejected (${kind}${header ? ` in ${header}` : ''}) with a position`, () => {
      const e = reject(read4475(name))
      expect(e.kind).toBe(kind)
      if (header) expect(e.header).toBe(header)
      expect(e.at.line).toBeGreaterThanOrEqual(1)
    })
  }
  it('baddn: the archive file has no end of headers (framing); the terminated variant fails on the display name', () => {
    expect(reject(read4475('baddn')).kind).toBe('framing')
    const v = reject(new Uint8Array(readFileSync(new URL('variants/baddn.terminated.dat', dir4475))))
    expect([v.kind, v.header]).toEqual(['header', 'From'])
  })
  it('start-line and header errors keep the headers, so the UA can answer 400', () => {
    expect(reject(read4475('lwsstart')).headers?.some((h) => h.key === 'call-id')).toBe(true)
    expect(reject(read4475('badinv01')).request).toBe(true)
  })
  it('scalarlg: a response with an overlarge CSeq fails validation (the UA drops it)', () => {
    const e = reject(read4475('scalarlg'))
    expect(e.kind).toBe('header')
    expect(e.request).toBe(false)
  })
  it('baddate: only the Date header is odd, and Date does not matter to us: accepted (RFC 4475 §3.1.2.12)', () => {
    accept(read4475('baddate'))
  })
  it('parse-ok messages whose faults are semantic (answered by the UA)', () => {
    for (const name of ['badvers', 'mismatch01', 'mismatch02', 'escruri', 'insuf']) accept(read4475(name))
  })
  it('multi01: repeated single-valued headers are rejected', () => {
    expect(reject(read4475('multi01')).kind).toBe('header')
  })
})

describe('RFC 4475 §3.2–3.4: messages the parser accepts and the UA judges', () => {
  for (const name of ['badbranch', 'unkscm', 'novelsc', 'unksm2', 'bext01', 'invut', 'regaut01', 'bcast', 'zeromf', 'cparam01', 'cparam02', 'regescrt', 'sdp01', 'inv2543']) {
    it(`${name}: parses`, () => void accept(read4475(name)))
  }
  it('cparam01: unknownparam is a header parameter, cparam02: a URI parameter', () => {
    const c1 = get(headerValue(accept(read4475('cparam01')), codecs.contact))
    expect(c1 && 'params' in c1 && c1.params.map((p) => p.name)).toContain('unknownparam')
    expect(sipUri(c1).params.map((p) => p.name)).not.toContain('unknownparam')
    const c2 = get(headerValue(accept(read4475('cparam02')), codecs.contact))
    expect(sipUri(c2).params.map((p) => p.name)).toContain('unknownparam')
  })
  it('regescrt: the escaped Route stays a URI header of the contact', () => {
    expect(sipUri(get(headerValue(accept(read4475('regescrt')), codecs.contact))).headers).toEqual([{ name: 'Route', value: '<sip:sip.example.com>' }])
  })
  it('inv2543: no Content-Length, the body runs to the end of the datagram', () => {
    const m = accept(read4475('inv2543'))
    expect(new TextDecoder().decode(m.body)).toMatch(/^v=0/)
  })
  it('test.dat (unreferenced): does not crash, is rejected', () => {
    expect(E.isLeft(check(read4475('test')))).toBe(true)
  })
  it('every archive file gives a value, never an exception', () => {
    for (const f of readdirSync(dir4475).filter((n) => n.endsWith('.dat'))) {
      expect(() => check(new Uint8Array(readFileSync(new URL(f, dir4475))))).not.toThrow()
    }
  })
})

describe('RFC 5118: IPv6', () => {
  const valid = ['ipv6-good', 'port-ambiguous', 'port-unambiguous', 'via-received-param-with-delim', 'via-received-param-no-delim', 'ipv6-in-sdp', 'mult-ip-in-header', 'mult-ip-in-sdp', 'ipv4-mapped-ipv6', 'ipv6-bug-abnf-3-colons', 'ipv6-correct-abnf-2-colons']
  for (const name of valid) it(`${name}: parses`, () => void accept(read5118(name)))
  it('ipv6-bad: an unbracketed IPv6 Request-URI is rejected', () => {
    expect(reject(read5118('ipv6-bad')).kind).toBe('start-line')
  })
  it('port-ambiguous: the whole bracket is the address; port-unambiguous: port after ]', () => {
    const a = requestUri(accept(read5118('port-ambiguous')))
    expect([a.host, a.port]).toEqual(['[2001:db8::10:5070]', undefined])
    const b = requestUri(accept(read5118('port-unambiguous')))
    expect([b.host, b.port]).toEqual(['[2001:db8::10]', 5070])
  })
  it('via received with and without brackets both parse', () => {
    for (const name of ['via-received-param-with-delim', 'via-received-param-no-delim']) {
      const via = get(headerValue(accept(read5118(name)), codecs.via))
      expect(via?.params.find((p) => p.name === 'received')?.value?.replace(/[[\]]/g, '')).toBe('2001:db8::9:255')
    }
  })
})
