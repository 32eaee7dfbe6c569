/**
 * `npm run bench -- udp`: calls per second over real UDP on 127.0.0.1.
 *
 * sipp's built-in `uac` scenario (INVITE, 200, ACK, BYE, 200; `-d 0`) calls an auto-answering
 * peer at rising rates, each for a few seconds with a bounded call count (`-m`), until a step
 * has a failed call (sipp exits non-zero: timeout, unexpected message, retransmissions
 * exhausted) or lags behind (calls not done within the step plus 5 s). Each step runs against
 * a freshly started peer, warmed up by two seconds at ≤ 500 cps (about 1,000 calls).
 * Reported per peer: the highest rate with zero failed calls, side by side:
 *
 * - sipxfer: `sipxfer ua --auto-answer --no-media` (the full UA with SDP offer/answer, no RTP streams,
 *   one JSON event line per event on stdout);
 * - sip:     a minimal UAS on the npm `sip` package (bench/peers/sip-uas.ts, signalling only);
 * - sipp:    sipp's own built-in `uas` (C++, stateless scenario): the harness ceiling, the most
 *            this machine can show with sipp as the caller (sipp and the peer share its cores).
 *
 * Also reported: the CPU time (user + system, from /proc/PID/stat) each peer process spent a
 * call at the highest rate all of them passed. Calls per CPU-second do not depend on how many
 * cores the machine has, unlike the ceiling, which on 2 cores is sipp's as much as the peer's.
 *
 * Target: sipxfer ≥ 2× sip. Needs sipp on PATH and a built dist/ (`npm run bench` builds).
 * Options: `--quick` (shorter steps), `--udp-max=CPS` (highest rate tried), `--udp-peers=sipxfer,sip,sipp`
 * (which peers climb; all by default).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { freePorts, portFree } from '../interop/testing/free-ports.ts'
import type { BenchOptions, BenchOutcome } from './measure.ts'

export interface UdpStep {
  readonly cps: number
  readonly calls: number
  readonly succeeded: number
  readonly failed: number
  readonly seconds: number
  readonly ok: boolean
  /** Why the step failed, when it did. */
  readonly reason?: string
  /** CPU time (user + system) the peer process spent in the step, a call, in µs; absent where /proc is not. */
  readonly peerCpuUsPerCall?: number
}

export interface UdpPeerResult {
  /** Highest rate with zero failed calls; 0 when even the first failed. */
  readonly bestCps: number
  /**
   * The peer's CPU µs a call at the one rate every peer is measured at (`cpuRate`, below
   * every peer's ceiling): what a call costs whatever the machine's core count.
   */
  readonly cpuUsPerCall?: number
  readonly steps: ReadonlyArray<UdpStep>
}

export interface UdpBenchResult {
  readonly sipxfer: UdpPeerResult
  readonly sip: UdpPeerResult
  /** sipp against sipp's own uas: what the harness can measure on this machine at all. */
  readonly sipp: UdpPeerResult
  /** sipxfer.bestCps / sip.bestCps. */
  readonly ratio: number
  /** sip's CPU a call / sipxfer's, at `cpuRate`: how many more calls sipxfer gets from one CPU-second. */
  readonly cpuRatio: number
  readonly cpuRate: number
  readonly targets: {
    readonly sipxferAtLeastTwiceSip: boolean
    /** Whether 2× sip is below the harness ceiling, i.e. whether this machine can show the target at all. */
    readonly measurableHere: boolean
  }
  readonly stepSeconds: number
}

const rates = [10, 20, 50, 100, 150, 200, 300, 400, 600, 800, 1200, 1600, 2000, 2400, 3200, 4000, 4800, 6400, 8000, 9600, 12000]

/** The project root: the folder with package.json above this file (bench/ or dist/bench/). */
const projectRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('udp bench: project root not found')
    dir = up
  }
  return dir
}

interface Peer {
  readonly port: number
  readonly stop: () => Promise<void>
  /** CPU seconds (user + system) the peer process has used so far; undefined without /proc. */
  readonly cpuSeconds: () => number | undefined
}

/** Clock ticks a second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
const userHz = 100

/** CPU seconds of a process from /proc/PID/stat (fields 14 and 15, counted after the command's closing parenthesis). */
const cpuSecondsOf = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticks / userHz : undefined
  } catch {
    return undefined
  }
}

/** A peer process, the tail of its stderr, and when it exits. */
interface Spawned {
  readonly child: ChildProcess
  readonly stderr: () => string
  readonly exited: Promise<void>
}

const spawnPeer = (cmd: string, args: ReadonlyArray<string>, stdio: 'pipe' | 'ignore'): Spawned => {
  const child: ChildProcess = spawn(cmd, [...args], { stdio: [stdio, stdio, 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4_000)))
  child.once('error', () => undefined)
  return { child, stderr: () => stderr, exited: new Promise<void>((r) => child.once('exit', () => r())) }
}

/**
 * The peer, once `port` is really bound (the sip package reports before its bind completes).
 * Stopping it: `quit` on its stdin when it reads one, SIGTERM, SIGKILL after 10 s.
 */
const boundPeer = async (name: string, p: Spawned, port: number): Promise<Peer> => {
  for (let tries = 0; await portFree(port); tries++) {
    if (p.child.exitCode !== null || tries > 250) throw new Error(`${name}: port ${port} still unbound: ${p.stderr()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return {
    port,
    cpuSeconds: () => cpuSecondsOf(p.child.pid),
    stop: async () => {
      if (p.child.exitCode !== null) return
      p.child.stdin?.end('quit\n')
      p.child.kill('SIGTERM')
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000)
      await p.exited
      clearTimeout(timer)
    },
  }
}

/** Spawns a peer that prints `{"event":"listening","udp":"HOST:PORT"}` first; its later stdout is drained. */
const startPeer = async (name: string, cmd: string, args: ReadonlyArray<string>): Promise<Peer> => {
  const p = spawnPeer(cmd, args, 'pipe')
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not listening within 15 s: ${p.stderr()}`)), 15_000)
    p.child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited ${code}: ${p.stderr()}`))
    })
    createInterface({ input: p.child.stdout! }).on('line', (line) => {
      if (!line.includes('"listening"')) return
      clearTimeout(timer)
      const udp = String((JSON.parse(line) as { udp?: string }).udp)
      resolve(Number(udp.split(':').pop()))
    })
  })
  return boundPeer(name, p, port)
}

/** sipp's built-in uas as the peer. */
const startSippUas = async (): Promise<Peer> => {
  const [port, media] = [await freePorts(1), await freePorts(4)]
  return boundPeer('sipp uas', spawnPeer('sipp', ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-mp', String(media), '-nostdin'], 'ignore'), port)
}

const counter = (screen: string, label: string): number => {
  // Final statistics screen: "  Successful call        |        0                  |      123     "
  const rows = screen.split('\n').filter((l) => l.trimStart().startsWith(label))
  const last = rows.at(-1)?.split('|')
  return Number(last?.[2]?.trim() ?? NaN)
}

/** One sipp run: `calls` calls at `cps`, and the CPU the peer spent on them. */
const step = async (peer: Peer, cps: number, seconds: number): Promise<UdpStep> => {
  const port = peer.port
  const cpuBefore = peer.cpuSeconds()
  const calls = Math.max(10, Math.round(cps * seconds))
  const sippPort = await freePorts(1)
  const media = await freePorts(4)
  const limitS = Math.ceil(calls / cps) + 5
  const started = performance.now()
  const child = spawn(
    'sipp',
    ['-sn', 'uac', `127.0.0.1:${port}`, '-i', '127.0.0.1', '-p', String(sippPort), '-mp', String(media), '-r', String(cps), '-m', String(calls), '-d', '0', '-timeout', `${limitS}s`, '-timeout_error', '-recv_timeout', '5000', '-nostdin'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let screen = ''
  child.stdout!.on('data', (d: Buffer) => void (screen = (screen + d.toString()).slice(-20_000)))
  child.stderr!.on('data', (d: Buffer) => void (screen = (screen + d.toString()).slice(-20_000)))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`sipp: ${e.message} (is sip-tester installed?)`)))
    child.once('exit', (c) => resolve(c))
  })
  const seconds_ = (performance.now() - started) / 1000
  const cpuAfter = peer.cpuSeconds()
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? {} : { peerCpuUsPerCall: Math.round(((cpuAfter - cpuBefore) * 1e6) / calls) }
  const succeeded = counter(screen, 'Successful call')
  const failed = counter(screen, 'Failed call')
  const ok = code === 0 && succeeded === calls && failed === 0
  // sipp's own complaint (a port it could not bind, say), when it gave one.
  const complaint = screen.split('\n').find((l) => /unable|error/i.test(l) && !/\|/.test(l))?.trim()
  const reason = ok ? undefined : code !== 0 ? `sipp exit ${code}${complaint === undefined ? '' : `: ${complaint.slice(0, 160)}`}` : `succeeded ${succeeded}/${calls}`
  return { cps, calls, succeeded: Number.isNaN(succeeded) ? 0 : succeeded, failed: Number.isNaN(failed) ? calls : failed, seconds: seconds_, ok, ...(reason === undefined ? {} : { reason }), ...cpu }
}

/**
 * Every peer is warmed up with about 1,000 calls before each step: 50 calls (the first
 * setting) left sipxfer running unoptimised code through the step and failing at 2,000 cps
 * where it passes warm; the tiny `sip` UAS warms up much faster. Same warm-up for all.
 */
const warmCps = 500
const warmSeconds = 2

/** Each step against a fresh peer, so a step's result does not depend on the state earlier steps left. */
const climb = async (name: string, startPeer_: () => Promise<Peer>, seconds: number, maxCps: number): Promise<UdpPeerResult> => {
  const steps: Array<UdpStep> = []
  let bestCps = 0
  for (const cps of rates.filter((r) => r <= maxCps)) {
    const peer = await startPeer_()
    let s: UdpStep
    try {
      // A warm-up at a moderate rate, so a cold JIT does not decide the step.
      const warm = await step(peer, Math.min(cps, warmCps), warmSeconds)
      s = warm.ok ? await step(peer, cps, seconds) : { ...warm, cps, reason: `warm-up: ${warm.reason}` }
    } finally {
      await peer.stop()
    }
    steps.push(s)
    process.stderr.write(`udp ${name}: ${cps} cps × ${s.calls} calls: ${s.ok ? 'ok' : `FAILED (${s.reason}, ${s.failed} failed)`} in ${s.seconds.toFixed(1)} s\n`)
    if (!s.ok) break
    bestCps = cps
  }
  return { bestCps, steps }
}

const row = (cells: ReadonlyArray<string>, widths: ReadonlyArray<number>): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')

const table = (r: UdpBenchResult): string => {
  const widths = [8, 16, 16, 16]
  const peers = [r.sipxfer, r.sip, r.sipp]
  const cpsList = [...new Set(peers.flatMap((p) => p.steps.map((s) => s.cps)))].sort((a, b) => a - b)
  const cell = (p: UdpPeerResult, cps: number): string => {
    const s = p.steps.find((x) => x.cps === cps)
    return s === undefined ? '' : s.ok ? `ok ${s.calls}` : `FAIL ${s.failed}/${s.calls}`
  }
  const target = 2 * r.sip.bestCps
  return [
    `udp: calls/s with zero failed calls (sipp -sn uac, -d 0, ${r.stepSeconds} s a step, 127.0.0.1)`,
    row(['cps', 'sipxfer ua', 'sip (npm)', 'sipp uas'], widths),
    ...cpsList.map((cps) => row([String(cps), ...peers.map((p) => cell(p, cps))], widths)),
    row(['best', ...peers.map((p) => (p.steps.length === 0 ? 'not run' : `${p.bestCps} cps`))], widths),
    row([`CPU/call`, ...peers.map((p) => (p.cpuUsPerCall === undefined ? '' : `${p.cpuUsPerCall} µs`))], widths),
    ...(Number.isNaN(r.cpuRatio)
      ? []
      : [`CPU a call at ${r.cpuRate} cps (the peer process, user + system): sipxfer gets ${r.cpuRatio.toFixed(2)}× the calls of sip from a CPU-second (the 2× target, independent of core count)`]),
    ...(r.sipxfer.steps.length === 0 || r.sip.steps.length === 0
      ? []
      : [`sipxfer / sip: ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '∞'}× (target ≥ 2×: ${r.targets.sipxferAtLeastTwiceSip ? 'met' : 'NOT met'})`]),
    ...(r.sip.steps.length === 0 || r.sipp.steps.length === 0
      ? []
      : r.sipp.steps.every((x) => x.ok)
        ? [`harness ceiling: not found (sipp against its own uas passed every rate tried, up to ${r.sipp.bestCps} cps)`]
        : [`harness ceiling: sipp against its own uas reaches ${r.sipp.bestCps} cps here; the target (2 × ${r.sip.bestCps} = ${target} cps) is ${r.targets.measurableHere ? 'within' : 'BEYOND'} what this machine can show.`]),
    'sipxfer ua runs with --no-media (SDP negotiated, no RTP streams) and prints a JSON line per event; the sip peer answers with signalling only.',
  ].join('\n')
}

export const runUdpBench = async (options: BenchOptions): Promise<UdpBenchResult> => {
  const root = projectRoot()
  const seconds = options.runMs <= 100 ? 1.5 : 3
  const maxArg = options.args.find((a) => a.startsWith('--udp-max='))
  const maxCps = maxArg === undefined ? Infinity : Number(maxArg.slice('--udp-max='.length))
  const built = join(root, 'dist/bench/peers/sip-uas.js')
  if (!existsSync(join(root, 'dist/shell/cli/main.js')) || !existsSync(built)) throw new Error('udp bench: dist/ is missing; run `npm run build` first')

  const results: Record<'sipxfer' | 'sip' | 'sipp', UdpPeerResult> = {
    sipxfer: { bestCps: 0, steps: [] },
    sip: { bestCps: 0, steps: [] },
    sipp: { bestCps: 0, steps: [] },
  }
  const peers = {
    sipxfer: async (): Promise<Peer> => startPeer('sipxfer ua', process.execPath, [join(root, 'bin/sipxfer.js'), 'ua', '--listen', 'udp:127.0.0.1:0', '--user', 'bench', '--auto-answer', '--no-media']),
    sip: async (): Promise<Peer> => startPeer('sip-uas', process.execPath, [built, '--port', String(await freePorts(1))]),
    sipp: startSippUas,
  }
  const chosen = options.args.find((a) => a.startsWith('--udp-peers='))?.slice('--udp-peers='.length).split(',')
  for (const name of ['sipxfer', 'sip', 'sipp'] as const) if (chosen === undefined || chosen.includes(name)) results[name] = await climb(name, peers[name], seconds, maxCps)
  const ratio = results.sipxfer.bestCps / results.sip.bestCps
  const measurableHere = results.sipp.bestCps >= 2 * results.sip.bestCps
  // CPU a call, compared at one rate: the highest that every peer which climbed passed.
  const climbed = Object.values(results).filter((r) => r.steps.length > 0)
  const cpuRate = Math.min(...climbed.map((r) => r.bestCps))
  const withCpu = (r: UdpPeerResult): UdpPeerResult => {
    const at = r.steps.find((x) => x.cps === cpuRate && x.ok)?.peerCpuUsPerCall
    return at === undefined ? r : { ...r, cpuUsPerCall: at }
  }
  const [sipxfer, sip, sipp] = [withCpu(results.sipxfer), withCpu(results.sip), withCpu(results.sipp)]
  const cpuRatio = sip.cpuUsPerCall === undefined || sipxfer.cpuUsPerCall === undefined ? Number.NaN : sip.cpuUsPerCall / sipxfer.cpuUsPerCall
  return { sipxfer, sip, sipp, ratio, cpuRatio, cpuRate, targets: { sipxferAtLeastTwiceSip: ratio >= 2, measurableHere }, stepSeconds: seconds }
}

export const run = async (options: BenchOptions): Promise<BenchOutcome> => {
  const r = await runUdpBench(options)
  return { json: r, text: table(r) }
}
