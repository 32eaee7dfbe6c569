/**
 * Blind and attended transfer among three `sipxfer ua` processes (alice, bob, charlie),
 * driven by this script: one command a line on each stdin, one JSON event a line on each
 * stdout. Every process listens on 127.0.0.1 port 0 and reports its URI in its first line.
 * Build first: npm run build   Run: npx tsx examples/three-processes.ts
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

type Event = Record<string, unknown>

interface Ua {
  readonly uri: string
  /** Writes one command line (`dial URI`, `transfer c1 URI` …) to the process. */
  readonly send: (line: string) => void
  /** The first event of this type (and these fields) the process printed, waiting up to 5 s for it. */
  readonly waitFor: (event: string, fields?: Event) => Promise<Event>
  /** `quit`: the process hangs up what is left and exits. */
  readonly quit: () => Promise<number | null>
}

const CLI = fileURLToPath(new URL('../bin/sipxfer.js', import.meta.url)) // what `npx sipxfer` runs
const running = new Set<ChildProcess>()

const startUa = (name: string, print: (line: string) => void, ...flags: Array<string>): Promise<Ua> => {
  // A random even RTP port per process, so three processes on one host do not collide.
  const rtpPort = 20_000 + 2 * Math.floor(Math.random() * 4_900)
  const child = spawn(process.execPath, [CLI, 'ua', '--listen', 'udp:127.0.0.1:0', '--user', name, '--rtp-port', String(rtpPort), ...flags])
  running.add(child)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  void exited.then(() => running.delete(child))
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
  const events: Array<Event> = []
  const waiters = new Set<() => void>()
  createInterface({ input: child.stdout }).on('line', (line) => {
    print(`${name.padEnd(8)}${line}`)
    events.push(JSON.parse(line) as Event)
    for (const w of waiters) w()
  })
  const waitFor = (event: string, fields: Event = {}): Promise<Event> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = events.find((e) => e.event === event && Object.entries(fields).every(([k, v]) => e[k] === v))
        if (found === undefined) return
        waiters.delete(check)
        clearTimeout(timer)
        resolve(found)
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`${name}: no ${event} ${JSON.stringify(fields)} within 5 s${stderr === '' ? '' : `; stderr: ${stderr}`}`))
      }, 5_000)
      waiters.add(check)
      check()
    })
  const send = (line: string): void => void child.stdin.write(`${line}\n`)
  const quit = (): Promise<number | null> => {
    child.stdin.end('quit\n')
    return exited
  }
  return Promise.race([
    waitFor('listening').then((e) => ({ uri: String(e.uri), send, waitFor, quit })),
    exited.then((code) => Promise.reject(new Error(`${name} exited with ${code} before listening: ${stderr}`))),
  ])
}

/** Starts alice, bob and charlie (bob and charlie answer at once), runs `flow`, quits all three. */
const withThreeUas = async (print: (line: string) => void, flow: (alice: Ua, bob: Ua, charlie: Ua) => Promise<void>): Promise<void> => {
  try {
    const [alice, bob, charlie] = await Promise.all([startUa('alice', print), startUa('bob', print, '--auto-answer'), startUa('charlie', print, '--auto-answer')])
    await flow(alice, bob, charlie)
    print(`exit codes: ${(await Promise.all([alice.quit(), bob.quit(), charlie.quit()])).join(' ')}`)
  } finally {
    for (const child of running) child.kill() // only after a failure: the processes we started
  }
}

/** RFC 5589 §6: bob REFERs alice to charlie. */
const blind = async (alice: Ua, bob: Ua, charlie: Ua): Promise<void> => {
  alice.send(`dial ${bob.uri}`)
  await bob.waitFor('answered', { call: 'c1' })
  bob.send(`transfer c1 ${charlie.uri}`)
  await alice.waitFor('transferSucceeded', { call: 'c1', newCall: 'c2' })
  await bob.waitFor('ended', { call: 'c1', reason: 'transferred' })
  alice.send('hangup c2')
  await charlie.waitFor('ended', { call: 'c1', reason: 'remote-hangup' })
}

/** RFC 5589 §7: bob holds alice, calls charlie (c2), then REFERs alice to charlie with Replaces. */
const attended = async (alice: Ua, bob: Ua, charlie: Ua): Promise<void> => {
  alice.send(`dial ${bob.uri}`)
  await bob.waitFor('answered', { call: 'c1' })
  bob.send(`consult c1 ${charlie.uri}`)
  await bob.waitFor('answered', { call: 'c2' })
  bob.send('attended c1 c2')
  await alice.waitFor('transferSucceeded', { call: 'c1', newCall: 'c2' })
  await charlie.waitFor('replaced', { call: 'c1' })
  await bob.waitFor('transferSucceeded', { call: 'c1' })
  // bob's BYE ends the original call; quitting before it arrives would have alice hang it up herself.
  await bob.waitFor('ended', { call: 'c1', reason: 'transferred' })
  alice.send('hangup c2')
  await charlie.waitFor('ended', { call: 'c2', reason: 'remote-hangup' })
}

export const main = async (print: (line: string) => void = console.log): Promise<void> => {
  print('--- blind transfer ---')
  await withThreeUas(print, blind)
  print('--- attended transfer ---')
  await withThreeUas(print, attended)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
