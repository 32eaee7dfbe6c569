/**
 * TEST FIXTURE — a real user agent whose outgoing SIP is rewritten on the way out, to
 * play the forms real phones send (shared/notes/real-peers.md) against real sipxfer UAs.
 * Content-Length is fixed up after the rewrite.
 */
import type { Output } from '../../core/ua/io.ts'
import type { NodeFactory } from '../node-behaviour.ts'
import { uaFactory } from '../ua-node.ts'

/** Returns the message text to send instead (or the same text). `node` is the sender. */
export type Rewrite = (node: string, message: string) => string

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const withLength = (message: string): string => {
  const split = message.indexOf('\r\n\r\n')
  const body = split === -1 ? '' : message.slice(split + 4)
  return message.replace(/\r\nContent-Length: *\d+/i, `\r\nContent-Length: ${encoder.encode(body).length}`)
}

export const rewritingFactory =
  (rewrite: Rewrite): NodeFactory =>
  (participant, seed) => {
    const inner = uaFactory(participant, seed)
    const out = (o: Output): Output => {
      if (o.type !== 'send') return o
      const text = decoder.decode(o.data)
      const next = rewrite(participant.name, text)
      return next === text ? o : { ...o, data: encoder.encode(withLength(next)) }
    }
    return { initial: inner.initial, step: (state, input) => {
      const [next, outputs] = inner.step(state, input)
      return [next, outputs.map(out)]
    } }
  }

/** Whether a message is a request with this method. */
export const isRequest = (message: string, method: string): boolean => message.startsWith(`${method} `)
