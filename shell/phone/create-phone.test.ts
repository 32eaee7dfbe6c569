import { createSocket } from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { createPhone, type Phone } from './create-phone.ts'

const open: Array<Phone> = []
const phone = async (...args: Parameters<typeof createPhone>): Promise<Phone> => {
  const p = await createPhone({ logLevel: 'none', ...args[0] })
  open.push(p)
  return p
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()))
})

describe('createPhone', () => {
  it('binds the port the OS gives and says where it is', async () => {
    const p = await phone({ user: 'alice', listen: ['udp:127.0.0.1:0', 'tcp:127.0.0.1:0'] })
    expect(p.address).toMatchObject({ transport: 'udp', address: '127.0.0.1' })
    expect(p.address.port).toBeGreaterThan(0)
    expect(p.endpoints.map((e) => `${e.transport}:${e.port}`)).toEqual([`udp:${p.address.port}`, `tcp:${p.address.port}`])
    expect(p.uri).toBe(`sip:alice@127.0.0.1:${p.address.port}`)
  })

  it('rejects a command the UA refuses, and does not throw on an unheard error event', async () => {
    const p = await phone({ user: 'alice' })
    await expect(p.hold('c9')).rejects.toThrow(/c9/)
    await expect(p.dial('not a uri')).rejects.toThrow(/invalid URI/)
  })

  it('asks an onRefer function, and a refused transfer keeps the call (RFC 5589 §6.3)', async () => {
    const asked: Array<string> = []
    const alice = await phone({ user: 'alice', onRefer: (r) => (asked.push(r.target), false) })
    const bob = await phone({ user: 'bob', autoAnswerMs: 0 })
    const bobAnswered = bob.waitFor('answered')
    const call = await alice.dial(bob.uri)
    const { call: bobCall } = await bobAnswered
    const failed = bob.waitFor('transferFailed')
    await bob.transfer(bobCall, 'sip:carol@127.0.0.1:9')
    expect(await failed).toMatchObject({ call: bobCall })
    expect(asked).toEqual(['<sip:carol@127.0.0.1:9>'])
    expect((await alice.calls()).find((c) => c.call === call)).toMatchObject({ state: 'Confirmed' })
  })

  it('over TCP: the phone dials a TCP URI and close() hangs up (idempotent)', async () => {
    const alice = await phone({ user: 'alice', listen: 'tcp:127.0.0.1:0' })
    const bob = await phone({ user: 'bob', listen: 'tcp:127.0.0.1:0', autoAnswerMs: 0 })
    expect(bob.uri).toMatch(/;transport=tcp$/)
    const answered = alice.waitFor('answered')
    await alice.dial(bob.uri)
    await answered
    const ended = bob.waitFor('ended')
    await Promise.all([alice.close(), alice.close()])
    expect(await ended).toMatchObject({ reason: 'remote-hangup' })
  })

  it('a call to a TCP port nobody listens on fails at once as a 503 (RFC 3261 §17.1.4, §8.1.3.1), not after Timer B', async () => {
    const alice = await phone({ user: 'alice', listen: 'tcp:127.0.0.1:0' })
    // A port that was just free: bind a throwaway phone, note its port, close it.
    const gone = await createPhone({ user: 'gone', listen: 'tcp:127.0.0.1:0', logLevel: 'none' })
    const port = gone.address.port
    await gone.close()
    const ended = alice.waitFor('ended', undefined, 5_000)
    const started = Date.now()
    await alice.dial(`sip:nobody@127.0.0.1:${port};transport=tcp`)
    expect(await ended).toMatchObject({ reason: 'rejected', status: 503 })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('calls over IPv6 loopback, on UDP and on TCP (RFC 3261 §19.1.1 IPv6 references, RFC 5118)', async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const alice = await phone({ user: 'alice', listen: `${transport}:[::1]:0` })
      const bob = await phone({ user: 'bob', listen: `${transport}:[::1]:0`, autoAnswerMs: 0 })
      expect(bob.uri).toMatch(/^sip:bob@\[::1\]:\d+/)
      const answered = bob.waitFor('answered', undefined, 3_000)
      const incoming = bob.waitFor('incoming', undefined, 3_000)
      const call = await alice.dial(bob.uri)
      expect((await incoming).from).toContain('[::1]')
      await answered
      const ended = bob.waitFor('ended', undefined, 3_000)
      await alice.hangup(call)
      expect(await ended).toMatchObject({ reason: 'remote-hangup' })
    }
  })
})

describe('createPhone over real UDP: received and rport (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('answers a request whose Via names another host with received=<source> and rport=<source port>, to the source', async () => {
    const p = await phone({ user: 'bob' })
    const socket = createSocket('udp4')
    try {
      await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()))
      const answer = new Promise<string>((r) => socket.once('message', (m) => r(m.toString('latin1'))))
      const options = [
        `OPTIONS ${p.uri} SIP/2.0`,
        'Via: SIP/2.0/UDP 192.0.2.77:5999;branch=z9hG4bKrport1;rport',
        'Max-Forwards: 70',
        'From: <sip:alice@192.0.2.77>;tag=a1',
        `To: <${p.uri}>`,
        'Call-ID: rport-1@192.0.2.77',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n')
      socket.send(options, p.address.port, '127.0.0.1')
      const text = await answer
      expect(text).toMatch(/^SIP\/2\.0 200 /)
      expect(text).toContain(`\r\nVia: SIP/2.0/UDP 192.0.2.77:5999;branch=z9hG4bKrport1;rport=${socket.address().port};received=127.0.0.1\r\n`)
    } finally {
      socket.close()
    }
  })
})
