/**
 * The rows of a ladder diagram, shared by the text, Mermaid and HTML views: one
 * column per participant; a row per packet sent (with its fate), and optionally per
 * event, fault and timer firing.
 */
import type { UaEvent } from '../core/ua/event.ts'
import type { Millis } from '../core/ua/io.ts'
import { showHostPort } from './host-port.ts'
import { summarizePayload, type MessageSummary } from './sip-summary.ts'
import type { Trace } from './trace.ts'
import type { SendStep } from './trace-step.ts'

export type LadderRow =
  | {
      readonly type: 'packet'
      readonly at: Millis
      readonly from: number
      /** Undefined when no node has the destination address. */
      readonly to: number | undefined
      readonly summary: MessageSummary
      readonly send: SendStep
    }
  | { readonly type: 'note'; readonly at: Millis; readonly node: number | undefined; readonly text: string; readonly kind: 'event' | 'fault' | 'timer' }

export interface Ladder {
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<LadderRow>
}

export interface LadderOptions {
  readonly events?: boolean
  readonly faults?: boolean
  readonly timers?: boolean
  /** Only packets of this Call-ID. */
  readonly callId?: string
}

export const describeEvent = (e: UaEvent): string => {
  const { type, ...rest } = e
  const fields = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
  return [type, ...fields].join(' ')
}

/** Short text of a packet's fate: "" when delivered once. */
export const fateNote = (s: SendStep): string => {
  if (s.fate === 'dropped') return `lost (${s.reason ?? 'loss'}${s.reason === 'unroutable' ? ` ${showHostPort(s.destination)}` : ''})`
  if (s.fate === 'duplicated') return 'duplicated'
  return ''
}

export const ladderOf = (trace: Trace, options: LadderOptions = {}): Ladder => {
  const columns = trace.scenario.participants.map((p) => p.name)
  const col = (name: string | undefined): number | undefined => {
    const i = name === undefined ? -1 : columns.indexOf(name)
    return i < 0 ? undefined : i
  }
  const rows: LadderRow[] = []
  for (const s of trace.steps) {
    switch (s.type) {
      case 'send': {
        const summary = summarizePayload(s.payload)
        if (options.callId !== undefined && summary.callId !== options.callId) break
        rows.push({ type: 'packet', at: s.at, from: col(s.from) ?? 0, to: col(s.to), summary, send: s })
        break
      }
      case 'event':
        if (options.events === true) rows.push({ type: 'note', kind: 'event', at: s.at, node: col(s.node), text: describeEvent(s.event) })
        break
      case 'fault':
        if (options.faults !== false)
          rows.push({ type: 'note', kind: 'fault', at: s.at, node: col(s.node), text: `${s.fault}${s.node === undefined ? ' (network healed)' : ` ${s.node}`}` })
        break
      case 'timer':
        if (options.timers === true) rows.push({ type: 'note', kind: 'timer', at: s.at, node: col(s.node), text: `timer ${s.key}` })
        break
      default:
        break
    }
  }
  return { columns, rows }
}
