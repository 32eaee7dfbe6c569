/** One stdin line of `sipxfer ua` as a request: a core command, `calls`, `quit`, or why it is not one. */
import type { CallSummary } from '../runtime/index.ts'
import type { Command } from '../../core/ua/index.ts'

export type UaLine =
  | { readonly type: 'command'; readonly command: Command }
  | { readonly type: 'calls' }
  | { readonly type: 'quit' }
  | { readonly type: 'empty' }
  | { readonly type: 'error'; readonly reason: string }

const live = (c: CallSummary): boolean => c.state !== 'Terminated' && c.state !== 'Terminating'

/** The newest call matching `pred`: "answer" alone means the call ringing now, and so on. */
const latest = (calls: ReadonlyArray<CallSummary>, pred: (c: CallSummary) => boolean): string | undefined => {
  const matching = calls.filter(pred)
  return matching.sort((a, b) => Number(b.call.replace(/\D/g, '')) - Number(a.call.replace(/\D/g, '')))[0]?.call
}

const isStatus = (text: string | undefined): boolean => text !== undefined && /^[3-6]\d\d$/.test(text)

export const parseUaLine = (line: string, calls: ReadonlyArray<CallSummary>): UaLine => {
  const [verb, ...args] = line.trim().split(/\s+/).filter((w) => w.length > 0)
  if (verb === undefined || verb.startsWith('#')) return { type: 'empty' }
  const need = (n: number, usage: string): string | undefined => (args.length < n || args.length > n ? `usage: ${usage}` : undefined)
  const orDefault = (given: string | undefined, pred: (c: CallSummary) => boolean, what: string): { call: string } | { reason: string } => {
    const call = given ?? latest(calls, pred)
    return call === undefined ? { reason: `no ${what} call` } : { call }
  }
  const withCall = (make: (call: string) => Command, pred: (c: CallSummary) => boolean, what: string, usage: string): UaLine => {
    if (args.length > 1) return { type: 'error', reason: `usage: ${usage}` }
    const r = orDefault(args[0], pred, what)
    return 'reason' in r ? { type: 'error', reason: r.reason } : { type: 'command', command: make(r.call) }
  }
  switch (verb.toLowerCase()) {
    case 'dial': {
      const bad = need(1, 'dial URI')
      return bad === undefined ? { type: 'command', command: { type: 'dial', target: args[0]! } } : { type: 'error', reason: bad }
    }
    case 'answer':
      return withCall((call) => ({ type: 'answer', call }), (c) => c.state === 'Incoming', 'ringing', 'answer [CALL]')
    case 'reject': {
      const code = isStatus(args[args.length - 1]) ? Number(args[args.length - 1]) : undefined
      const rest = code === undefined ? args : args.slice(0, -1)
      if (rest.length > 1) return { type: 'error', reason: 'usage: reject [CALL] [CODE]' }
      const r = orDefault(rest[0], (c) => c.state === 'Incoming', 'ringing')
      if ('reason' in r) return { type: 'error', reason: r.reason }
      return { type: 'command', command: { type: 'reject', call: r.call, ...(code === undefined ? {} : { status: code }) } }
    }
    case 'hangup':
      return withCall((call) => ({ type: 'hangup', call }), live, 'live', 'hangup [CALL]')
    case 'hold':
      return withCall((call) => ({ type: 'hold', call }), (c) => c.state === 'Confirmed' && !c.held, 'active', 'hold [CALL]')
    case 'resume':
      return withCall((call) => ({ type: 'resume', call }), (c) => c.state === 'Confirmed' && c.held, 'held', 'resume [CALL]')
    case 'transfer': {
      const bad = need(2, 'transfer CALL URI')
      return bad === undefined ? { type: 'command', command: { type: 'transfer', call: args[0]!, target: args[1]! } } : { type: 'error', reason: bad }
    }
    case 'attended': {
      const bad = need(2, 'attended CALL CONSULT-CALL')
      return bad === undefined ? { type: 'command', command: { type: 'attendedTransfer', call: args[0]!, consultation: args[1]! } } : { type: 'error', reason: bad }
    }
    case 'consult': {
      const bad = need(2, 'consult CALL URI')
      return bad === undefined ? { type: 'command', command: { type: 'startConsultation', call: args[0]!, target: args[1]! } } : { type: 'error', reason: bad }
    }
    case 'accept-transfer': {
      const bad = need(1, 'accept-transfer CALL')
      return bad === undefined ? { type: 'command', command: { type: 'acceptTransfer', call: args[0]! } } : { type: 'error', reason: bad }
    }
    case 'reject-transfer': {
      const bad = need(1, 'reject-transfer CALL')
      return bad === undefined ? { type: 'command', command: { type: 'rejectTransfer', call: args[0]! } } : { type: 'error', reason: bad }
    }
    case 'unsubscribe': {
      const bad = need(1, 'unsubscribe CALL')
      return bad === undefined ? { type: 'command', command: { type: 'unsubscribe', call: args[0]! } } : { type: 'error', reason: bad }
    }
    case 'calls':
      return args.length === 0 ? { type: 'calls' } : { type: 'error', reason: 'usage: calls' }
    case 'quit':
    case 'exit':
      return { type: 'quit' }
    default:
      return { type: 'error', reason: `unknown command "${verb}"` }
  }
}
