import { connect, createServer, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { Duration, Effect, Option, Queue } from 'effect'
import { quiet } from '../runtime/testing/runtime-harness.ts'
import { parseListenSpec } from './listen-spec.ts'
import { makeTransport } from './make-transport.ts'
import { rewriteTopViaToTcp } from './via-transport.ts'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const run = <A>(program: Effect.Effect<A, unknown, import('effect').Scope.Scope>): Promise<A> =>
  Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(quiet)) as Effect.Effect<A>)

const request = (body = '', via = 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc;rport'): string =>
  `OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\nMax-Forwards: 70\r\nTo: <sip:bob@127.0.0.1>\r\nFrom: <sip:alice@127.0.0.1>;tag=1\r\n` +
  `Call-ID: x@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: ${body.length}\r\n\r\n${body}`

const udpTcp = [
  { transport: 'udp' as const, address: '127.0.0.1', port: 0 },
  { transport: 'tcp' as const, address: '127.0.0.1', port: 0 },
]

/** A raw TCP client on loopback that collects what it reads. */
const rawClient = (port: number): Promise<{ socket: Socket; read: () => string; closed: Promise<void> }> =>
  new Promise((resolve) => {
    let got = ''
    const socket = connect({ host: '127.0.0.1', port }, () => resolve({ socket, read: () => got, closed }))
    const closed = new Promise<void>((r) => socket.on('close', () => r()))
    socket.on('data', (d) => void (got += d.toString('latin1')))
    socket.on('error', () => undefined)
  })

const takeWithin = <A>(q: Queue.Dequeue<A>, ms = 2_000) => Effect.flatMap(Effect.timeoutOption(Queue.take(q), Duration.millis(ms)), Option.match({ onNone: () => Effect.fail(new Error('nothing received')), onSome: Effect.succeed }))

describe('listen specs', () => {
  it('reads udp:HOST:PORT and tcp:[v6]:PORT', () => {
    expect(parseListenSpec('udp:127.0.0.1:5070')).toEqual({ _tag: 'Right', right: { transport: 'udp', address: '127.0.0.1', port: 5070 } })
    expect(parseListenSpec('TCP:[::1]:0')).toEqual({ _tag: 'Right', right: { transport: 'tcp', address: '::1', port: 0 } })
    expect(parseListenSpec('sctp:1.2.3.4:1')._tag).toBe('Left')
    expect(parseListenSpec('udp:1.2.3.4:70000')._tag).toBe('Left')
  })
})

describe('Via rewrite for a request moved to TCP (RFC 3261 §18.1.1)', () => {
  it('changes the top Via only and keeps the length', () => {
    const msg = request('', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKa').replace('Max-Forwards', 'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKb\r\nMax-Forwards')
    const out = new TextDecoder().decode(rewriteTopViaToTcp(text(msg)))
    expect(out.length).toBe(msg.length)
    expect(out).toContain('Via: SIP/2.0/TCP 127.0.0.1:5060')
    expect(out).toContain('Via: SIP/2.0/UDP 10.0.0.1')
  })
})

describe('Transport on loopback', () => {
  it('shares one port between UDP and TCP when both ask for port 0', async () => {
    const endpoints = await run(Effect.map(makeTransport({ listen: udpTcp }), (t) => t.endpoints))
    expect(endpoints.map((e) => e.transport)).toEqual(['udp', 'tcp'])
    expect(endpoints[0]!.port).toBe(endpoints[1]!.port)
    expect(endpoints[0]!.port).toBeGreaterThan(0)
  })

  it('feeds framed TCP messages as tcp packets, answers over the same connection, and pongs a CRLF ping (RFC 5626 §3.5.1)', async () => {
    const r = await run(
      Effect.gen(function* () {
        const t = yield* makeTransport({ listen: udpTcp })
        const client = yield* Effect.promise(() => rawClient(t.endpoints[1]!.port))
        const msg = request('hello')
        // Split across writes: the framer waits for the body (Content-Length).
        client.socket.write(msg.slice(0, 40))
        client.socket.write(msg.slice(40) + request())
        const first = yield* takeWithin(t.packets)
        const second = yield* takeWithin(t.packets)
        yield* t.send({ type: 'send', transport: 'tcp', destination: first.source, data: text('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n') })
        client.socket.write('\r\n\r\n')
        yield* Effect.sleep(Duration.millis(100))
        return { first, second, read: client.read(), port: client.socket.localPort }
      }),
    )
    expect(r.first.transport).toBe('tcp')
    expect(r.first.source).toEqual({ address: '127.0.0.1', port: r.port })
    expect(new TextDecoder().decode(r.first.data)).toMatch(/\r\n\r\nhello$/)
    expect(new TextDecoder().decode(r.second.data)).toMatch(/^OPTIONS /)
    expect(r.read).toBe('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n\r\n')
  })

  it('closes a connection on a framing error (RFC 3261 §18.3: no Content-Length on a stream)', async () => {
    const closed = await run(
      Effect.gen(function* () {
        const t = yield* makeTransport({ listen: [{ transport: 'tcp', address: '127.0.0.1', port: 0 }] })
        const client = yield* Effect.promise(() => rawClient(t.endpoints[0]!.port))
        client.socket.write('OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKx\r\nCSeq: 1 OPTIONS\r\n\r\n')
        return yield* Effect.promise(() => client.closed.then(() => true)).pipe(Effect.timeoutOption(Duration.seconds(2)))
      }),
    )
    expect(Option.getOrElse(closed, () => false)).toBe(true)
  })

  it('sends a request over 1300 bytes by TCP with its Via saying so, reusing one connection per remote', async () => {
    const received: Array<string> = []
    let connections = 0
    const server = createServer((s) => {
      connections++
      s.on('data', (d) => received.push(d.toString('latin1')))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    try {
      await run(
        Effect.gen(function* () {
          const t = yield* makeTransport({ listen: [udpTcp[0]!] })
          const big = text(request('x'.repeat(1400)))
          yield* t.send({ type: 'send', transport: 'udp', destination: { address: '127.0.0.1', port }, data: big })
          yield* t.send({ type: 'send', transport: 'udp', destination: { address: '127.0.0.1', port }, data: big })
          yield* Effect.sleep(Duration.millis(200))
        }),
      )
    } finally {
      server.close()
    }
    const all = received.join('')
    expect(connections).toBe(1)
    expect(all.match(/Via: SIP\/2\.0\/TCP /g)?.length).toBe(2)
    expect(all).not.toContain('SIP/2.0/UDP')
  })

  it('receive: packets queued before go to the sink first, then each as it arrives; trySendNow sends UDP at once and leaves TCP and large requests to send', async () => {
    const { createSocket } = await import('node:dgram')
    const peer = createSocket('udp4')
    const got: Array<string> = []
    peer.on('message', (m) => got.push(m.toString('latin1')))
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r))
    const peerPort = peer.address().port
    try {
      const r = await run(
        Effect.gen(function* () {
          const t = yield* makeTransport({ listen: udpTcp })
          const port = t.endpoints[0]!.port
          peer.send(text(request('first')), port, '127.0.0.1')
          yield* Effect.sleep(Duration.millis(100))
          const sunk: Array<string> = []
          yield* t.receive({ packet: (p) => void sunk.push(new TextDecoder().decode(p.data)), failure: () => undefined })
          peer.send(text(request('second')), port, '127.0.0.1')
          yield* Effect.sleep(Duration.millis(100))
          const to = { address: '127.0.0.1', port: peerPort }
          const small = t.trySendNow({ type: 'send', transport: 'udp', destination: to, data: text('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n') })
          const overTcp = t.trySendNow({ type: 'send', transport: 'tcp', destination: to, data: text(request()) })
          const large = t.trySendNow({ type: 'send', transport: 'udp', destination: to, data: text(request('x'.repeat(1400))) })
          yield* Effect.sleep(Duration.millis(100))
          return { sunk, small, overTcp, large, queued: yield* Queue.size(t.packets) }
        }),
      )
      expect(r.sunk.map((m) => m.split('\r\n\r\n')[1])).toEqual(['first', 'second'])
      expect(r.queued).toBe(0)
      expect([r.small, r.overTcp, r.large]).toEqual([true, false, false])
      expect(got).toEqual(['SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'])
    } finally {
      peer.close()
    }
  })
})
