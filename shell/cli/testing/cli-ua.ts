/** Test helpers: `sipxfer ua` as a child process (the built CLI), its JSON lines collected. */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../../..', import.meta.url))
const built = `${root}dist/shell/cli/ua-command.js`

export interface Ua {
  readonly name: string
  readonly port: number
  readonly uri: string
  readonly events: Array<Record<string, unknown>>
  readonly next: (pred: (e: Record<string, unknown>) => boolean, ms?: number) => Promise<Record<string, unknown>>
  readonly send: (line: string) => void
  readonly exit: Promise<number | null>
  readonly child: ChildProcess
  /** Everything written to stderr so far (logs). */
  readonly stderr: () => string
}

export const running: Array<Ua> = []

/** Even RTP ports apart from other tests' (RFC 3550 §11), so parallel files rarely meet. */
const rtpPort = (): number => 20_000 + 2 * Math.floor(Math.random() * 4_900)

/** `sipxfer ua` on UDP port 0 unless `args` give a `--listen` (the first one's port is `port`). */
export const startUa = async (name: string, ...args: Array<string>): Promise<Ua> => {
  const listen = args.includes('--listen') ? [] : ['--listen', 'udp:127.0.0.1:0']
  const child = spawn(process.execPath, [`${root}bin/sipxfer.js`, 'ua', ...listen, '--user', name, '--rtp-port', String(rtpPort()), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const events: Array<Record<string, unknown>> = []
  const waiters = new Set<() => void>()
  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as Record<string, unknown>)
    for (const w of waiters) w()
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let cursor = 0
  const next = (pred: (e: Record<string, unknown>) => boolean, ms = 5_000): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const i = events.findIndex((e, k) => k >= cursor && pred(e))
        if (i < 0) return
        cursor = i + 1
        waiters.delete(check)
        clearTimeout(timer)
        resolve(events[i]!)
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`${name}: no such event within ${ms} ms; saw ${JSON.stringify(events)}; stderr: ${stderr}`))
      }, ms)
      waiters.add(check)
      check()
    })
  const listening = await next((e) => e.event === 'listening')
  const port = Number(String(listening.udp ?? listening.tcp).split(':').pop())
  const ua: Ua = { name, port, uri: String(listening.uri), events, next, send: (line) => void child.stdin!.write(`${line}\n`), exit, child, stderr: () => stderr }
  running.push(ua)
  return ua
}

/** `sipxfer ua ARGS` that is expected to stop by itself (a refused option or file): its exit code and output. */
export const runUaToEnd = (args: ReadonlyArray<string>, ms = 10_000): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}bin/sipxfer.js`, 'ua', ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d: Buffer) => void (stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`sipxfer ua ${args.join(' ')}: still running after ${ms} ms; stdout: ${stdout}; stderr: ${stderr}`))
    }, ms)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin!.end()
  })

export const is = (event: string, more: Record<string, unknown> = {}) => (e: Record<string, unknown>) => e.event === event && Object.entries(more).every(([k, v]) => e[k] === v)

/** Build dist/ when it lacks the CLI (`npm test` builds first). */
export const ensureBuilt = (): void => {
  if (!existsSync(built)) execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' })
}

export const killAll = (): void => {
  for (const ua of running.splice(0)) if (ua.child.exitCode === null) ua.child.kill('SIGKILL')
}

