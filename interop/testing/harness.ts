/**
 * Interop test helpers: sipp (sip-tester) and tshark as child processes, free loopback ports,
 * and the SIP ladder of a capture. Everything binds 127.0.0.1; every child is killed by
 * `stopAll` (call it in afterEach).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { checkPackets, showViolation } from '../../sim/oracle/index.ts'
import { readPcap } from '../../sim/pcap-import.ts'
import { freePorts } from './free-ports.ts'

export const scenarioDir = fileURLToPath(new URL('../sipp/', import.meta.url))
export const scenario = (name: string): string => join(scenarioDir, name)

/** Fail (never skip) when a tool CI installs is missing here. */
export const requireTool = (name: 'sipp' | 'tshark'): void => {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore', timeout: 10_000 })
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT')
      throw new Error(`${name} is not installed: the interop tests need it (Debian: apt-get install sip-tester tshark; .ci/run installs both)`)
    // `sipp -v` exits non-zero; only a missing binary counts.
  }
}

const temps: Array<string> = []

/** A scratch folder for captures and sipp logs; `cleanTemp` removes it unless the test failed. */
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sipxfer-interop-'))
  temps.push(dir)
  return dir
}

/** afterEach: drop this test's scratch folders, or name them when it failed (the pcap and logs stay). */
export const cleanTemp = (failed: boolean): void => {
  for (const dir of temps.splice(0)) {
    if (failed) process.stderr.write(`interop: capture and sipp logs kept in ${dir}\n`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

export { freePorts }

interface Child {
  readonly child: ChildProcess
  readonly exit: Promise<number | null>
  readonly output: () => string
}

const children = new Set<ChildProcess>()

const start = (cmd: string, args: ReadonlyArray<string>): Child => {
  const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let output = ''
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child)
      resolve(signal === null ? code : null)
    }),
  )
  return { child, exit, output: () => output }
}

/** SIGKILL every sipp and tshark still running (afterEach). */
export const stopAll = (): void => {
  for (const c of children) c.kill('SIGKILL')
  children.clear()
}

export interface Sipp {
  readonly port: number
  /** sipp's exit code: 0 only when every call succeeded. */
  readonly exit: Promise<number | null>
  /** Exit code, and on failure the tail of sipp's error and message logs. */
  readonly result: () => Promise<{ readonly code: number | null; readonly log: string }>
}

export interface SippOptions {
  readonly scenario: string
  /** `HOST:PORT` to call (uac scenarios). */
  readonly remote?: string
  readonly keys?: Readonly<Record<string, string>>
  readonly calls?: number
  readonly timeoutS?: number
  readonly extra?: ReadonlyArray<string>
  readonly dir: string
  readonly name: string
  /** The SIP port, when the test picked it already (e.g. to capture before sipp starts). */
  readonly port?: number
}

/** Runs one sipp on a free port with media ports of its own (-mp, 4 apart from anyone's). */
export const startSipp = async (o: SippOptions): Promise<Sipp> => {
  const port = o.port ?? (await freePorts(1))
  const media = await freePorts(4)
  const builtIn = o.scenario === 'uac' || o.scenario === 'uas'
  const errors = join(o.dir, `${o.name}-errors.log`)
  const messages = join(o.dir, `${o.name}-messages.log`)
  const args = [
    ...(builtIn ? ['-sn', o.scenario] : ['-sf', scenario(o.scenario)]),
    ...(o.remote === undefined ? [] : [o.remote]),
    '-i', '127.0.0.1', '-p', String(port), '-mp', String(media),
    '-m', String(o.calls ?? 1),
    '-timeout', `${o.timeoutS ?? 20}s`, '-timeout_error',
    '-nostdin', '-trace_err', '-error_file', errors, '-trace_msg', '-message_file', messages,
    ...Object.entries(o.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
    ...(o.extra ?? []),
  ]
  const c = start('sipp', args)
  const tail = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8').slice(-6_000) : '')
  return {
    port,
    exit: c.exit,
    result: async () => {
      const code = await c.exit
      return { code, log: code === 0 ? '' : `sipp ${o.name} exited ${code}\n--- errors\n${tail(errors)}\n--- messages\n${tail(messages)}\n--- screen\n${c.output().slice(-3_000)}` }
    },
  }
}

/** Asserts sipp succeeded, with its logs in the message otherwise. */
export const sippSucceeded = async (s: Sipp): Promise<void> => {
  const r = await s.result()
  if (r.code !== 0) throw new Error(r.log)
}

export interface Capture {
  readonly file: string
  /** Stops tshark (the file is complete once this resolves). */
  readonly stop: () => Promise<void>
}

/**
 * tshark on `lo` for the given UDP ports, writing classic pcap. Resolves once packets are
 * really being written: tshark says "Capturing" before the filter is live, so probe
 * datagrams go to `probePort` (not SIP, dropped from the ladder) until the file grows.
 */
export const startCapture = async (ports: ReadonlyArray<number>, dir: string, name: string): Promise<Capture> => {
  const file = join(dir, `${name}.pcap`)
  const probePort = await freePorts(1)
  const filter = [...ports, probePort].map((p) => `udp port ${p}`).join(' or ')
  const c = start('tshark', ['-i', 'lo', '-f', filter, '-w', file, '-F', 'pcap', '-q'])
  // libpcap hands packets over in blocks (TPACKET_V3, up to ~1 s late), so a marker datagram
  // marks both ends: the capture is live once the first shows up in the file, and complete
  // up to `stop` once the last does.
  const probe = createSocket('udp4')
  const seen = async (marker: string, what: string): Promise<void> => {
    const deadline = Date.now() + 20_000
    for (;;) {
      if (c.child.exitCode !== null) throw new Error(`tshark exited ${c.child.exitCode}: ${c.output()}`)
      if (Date.now() > deadline) throw new Error(`tshark: ${what} not within 20 s: ${c.output()}`)
      probe.send(marker, probePort, '127.0.0.1')
      await new Promise((r) => setTimeout(r, 50))
      if (existsSync(file) && readFileSync(file).includes(marker)) return
    }
  }
  const token = `sipxfer-capture-${process.pid}-${Date.now()}`
  try {
    await seen(`${token}-start`, 'capture live')
  } catch (e) {
    probe.close()
    throw e
  }
  return {
    file,
    stop: async () => {
      try {
        await seen(`${token}-end`, 'capture flushed')
      } finally {
        probe.close()
        if (c.child.exitCode === null) c.child.kill('SIGINT')
        const timer = setTimeout(() => c.child.kill('SIGKILL'), 5_000)
        await c.exit
        clearTimeout(timer)
      }
    },
  }
}

/** One SIP message of a capture, as tshark decodes it. */
export interface Step {
  readonly frame: number
  readonly from: string
  readonly to: string
  /** `INVITE`, or a response as `200/INVITE` (status/CSeq method). */
  readonly what: string
}

const tsharkRead = (file: string, ports: ReadonlyArray<number>, filter: string, fields: ReadonlyArray<string>): Array<Array<string>> => {
  // Decode every port as SIP, not only 5060.
  const decode = ports.flatMap((p) => ['-d', `udp.port==${p},sip`])
  const out = execFileSync('tshark', ['-r', file, ...decode, '-Y', filter, '-T', 'fields', '-E', 'separator=\t', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return out
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => l.split('\t'))
}

/** The SIP ladder, with ports named (`{alice: 40312, …}`), as tshark decodes it. */
export const ladder = (file: string, names: Readonly<Record<string, number>>): Array<Step> => {
  const byPort = new Map(Object.entries(names).map(([n, p]) => [p, n]))
  const name = (p: string): string => byPort.get(Number(p)) ?? p
  return tsharkRead(file, Object.values(names), 'sip', ['frame.number', 'udp.srcport', 'udp.dstport', 'sip.Method', 'sip.Status-Code', 'sip.CSeq.method']).map(
    ([frame, src, dst, method, status, cseqMethod]) => ({
      frame: Number(frame),
      from: name(src ?? ''),
      to: name(dst ?? ''),
      what: method !== undefined && method !== '' ? method : `${status}/${cseqMethod}`,
    }),
  )
}

/** Frames between the named ports (decoded as SIP) that tshark flags malformed or as an error. */
export const malformedFrames = (file: string, ports: ReadonlyArray<number>): Array<string> =>
  tsharkRead(file, ports, `(${ports.map((p) => `udp.port == ${p}`).join(' || ')}) && (_ws.malformed || _ws.expert.severity == error)`, ['frame.number', '_ws.col.Info']).map((f) => f.join(' '))

/** `alice>bob INVITE` lines, for readable assertions. */
export const lines = (steps: ReadonlyArray<Step>): Array<string> => steps.map((s) => `${s.from}>${s.to} ${s.what}`)

/**
 * `expected` appears in `actual` in this order (other messages, e.g. retransmissions or the
 * other dialog's, may sit in between). Returns the indexes, or throws with both ladders.
 */
export const inOrder = (actual: ReadonlyArray<string>, expected: ReadonlyArray<string>): Array<number> => {
  const at: Array<number> = []
  let i = 0
  for (const want of expected) {
    while (i < actual.length && actual[i] !== want) i++
    if (i === actual.length) throw new Error(`"${want}" missing (in order) from the capture.\nexpected subsequence:\n  ${expected.join('\n  ')}\ncaptured:\n  ${actual.join('\n  ')}`)
    at.push(i++)
  }
  return at
}

/** The raw text of every SIP message in a capture (the project's own pcap reader). */
export const sipTexts = (file: string): Array<{ readonly srcPort: number; readonly dstPort: number; readonly text: string }> => {
  const r = readPcap(new Uint8Array(readFileSync(file)))
  if (E.isLeft(r)) throw new Error(`readPcap ${file}: ${r.left}`)
  return r.right.map((p) => ({ srcPort: p.source.port, dstPort: p.destination.port, text: new TextDecoder().decode(p.data) }))
}

/**
 * The RFC oracle (sim/oracle, what `sipxfer check` runs) over the capture's packets between
 * the named ports (the capture's probe datagrams left out): one line per violation.
 */
export const oracleViolations = (file: string, ports: ReadonlyArray<number>): Array<string> => {
  const r = readPcap(new Uint8Array(readFileSync(file)))
  if (E.isLeft(r)) throw new Error(`readPcap ${file}: ${r.left}`)
  const sip = r.right.filter((p) => ports.includes(p.source.port) && ports.includes(p.destination.port))
  if (sip.length === 0) throw new Error(`${file}: no packets between ports ${ports.join(', ')} for the oracle`)
  return checkPackets(sip).map(showViolation)
}

/** A header's value (first occurrence, long or compact name) in a SIP message's text. */
export const header = (text: string, name: string, compact?: string): string | undefined => {
  const head = text.split('\r\n\r\n', 1)[0] ?? ''
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const n = line.slice(0, colon).trim().toLowerCase()
    if (n === name.toLowerCase() || (compact !== undefined && n === compact)) return line.slice(colon + 1).trim()
  }
  return undefined
}

export const body = (text: string): string => text.slice(text.indexOf('\r\n\r\n') + 4)

/** The messages between two parties (either direction), e.g. one dialog's ladder. */
export const between = (seq: ReadonlyArray<string>, a: string, b: string): Array<string> =>
  seq.filter((l) => {
    const [from, to] = (l.split(' ', 1)[0] ?? '').split('>')
    return (from === a && to === b) || (from === b && to === a)
  })

/** Waits for an event the UA printed at any time (order-free, unlike `Ua.next`). */
export const seen = async (ua: { readonly name: string; readonly events: ReadonlyArray<Record<string, unknown>> }, pred: (e: Record<string, unknown>) => boolean, ms = 10_000): Promise<Record<string, unknown>> => {
  const until = Date.now() + ms
  for (;;) {
    const e = ua.events.find(pred)
    if (e !== undefined) return e
    if (Date.now() > until) throw new Error(`${ua.name}: no such event within ${ms} ms; saw ${JSON.stringify(ua.events)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
