/**
 * Free loopback UDP ports for tests and benchmarks that start real peers (sipp, the npm
 * `sip` UAS, `sipxfer ua`): the OS picks one, the helpers check its neighbours.
 */
import { createSocket, type Socket } from 'node:dgram'

const bind = (port: number): Promise<Socket | undefined> =>
  new Promise((resolve) => {
    const s = createSocket('udp4')
    s.once('error', () => resolve(undefined))
    s.bind(port, '127.0.0.1', () => resolve(s))
  })

/**
 * Where ports are picked: above Linux's ephemeral range (32768–60999). A port the OS handed
 * out for port 0 and that we released can be handed out again at once to any other socket
 * bound to port 0 (every `sipxfer ua` a test starts), before the peer we picked it for binds
 * it; sipp then fails with "Address already in use". Nobody binds up here unless told to.
 */
const pickFrom = 61_000
const pickTo = 65_000

/**
 * A free UDP port P on 127.0.0.1 with P+1 … P+span-1 free too (sipp takes -mp, -mp+1 for
 * RTCP and -mp+2 for video), at a random place above the ephemeral range (see above), or
 * from the OS when none is free there. Released before return.
 */
export const freePorts = async (span = 1): Promise<number> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const wanted = attempt < 100 ? pickFrom + Math.floor(Math.random() * (pickTo - pickFrom - span)) : 0
    const first = await bind(wanted)
    if (first === undefined) continue
    const base = first.address().port
    const held: Array<Socket> = [first]
    let ok = base + span - 1 <= 65_535
    for (let k = 1; ok && k < span; k++) {
      const s = await bind(base + k)
      if (s === undefined) ok = false
      else held.push(s)
    }
    await Promise.all(held.map((s) => new Promise<void>((r) => s.close(() => r()))))
    if (ok) return base
  }
  throw new Error('no free UDP port range on 127.0.0.1')
}

/** Whether `port` on 127.0.0.1 can be bound now (nobody is listening on it yet). */
export const portFree = async (port: number): Promise<boolean> => {
  const s = await bind(port)
  if (s === undefined) return false
  await new Promise<void>((r) => s.close(() => r()))
  return true
}
