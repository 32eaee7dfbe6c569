/**
 * Where a replay left the recorded run, as two ladders side by side: the recorded
 * steps on the left, the replayed ones on the right, a few steps of context around the
 * first differing one, which is marked `>>`. Every step gets a row (packets as arrows
 * between lifelines, the rest as notes at their node), so the rows of both sides line
 * up by step index.
 *
 *                  recorded                      ||         replayed
 *    step     time  alice         bob           ||    time  alice         bob
 *       0        0  | * scenario options        ||       0  | * scenario options
 * >>    1        0  |---OPTIONS-->|  #1 +10ms   ||       0  |---OPTIONS-->|  #1 +11ms
 *       2       10  |             | * deliver #1||      11  |             | * deliver #1
 */
import { describeEvent, fateNote } from './ladder-model.ts'
import { canonicalJson } from './json.ts'
import { describeOutcome, type Outcome } from './outcome.ts'
import { summarizePayload } from './sip-summary.ts'
import type { Trace } from './trace.ts'
import type { TraceStep } from './trace-step.ts'

export interface DivergenceLadderOptions {
  /** Steps shown before and after the differing one (default 3). */
  readonly context?: number
  /** Characters between two lifelines (default 14). */
  readonly columnWidth?: number
}

const TIME = 7
/** Between the two sides; lifelines are single bars, so a double one stands out. */
const SEP = ' || '

/** One step as a row of the ladder: lifelines, and an arrow or a note. */
const stepRow = (step: TraceStep, columns: ReadonlyArray<string>, w: number): string => {
  const x = (i: number): number => i * w
  const width = x(Math.max(0, columns.length - 1)) + 1
  const line = Array.from({ length: width }, () => ' ')
  for (let i = 0; i < columns.length; i++) line[x(i)] = '|'
  const put = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) line[at + i] = text[i] ?? ' '
  }
  const col = (name: string | undefined): number => Math.max(0, name === undefined ? 0 : columns.indexOf(name))
  const note = (node: string | undefined, text: string): string => {
    put(x(col(node)) + 2, `* ${text}`)
    return line.join('').trimEnd()
  }
  switch (step.type) {
    case 'send': {
      const label = summarizePayload(step.payload).label
      const lost = step.fate === 'dropped'
      const due = step.deliverAt.map((t) => t - step.at)
      const tail = [`#${step.packet}`, fateNote(step), due.length > 0 ? `+${due.join('/')}ms` : ''].filter((s) => s !== '').join(' ')
      const from = col(step.from)
      const to = step.to === undefined ? undefined : columns.indexOf(step.to)
      if (to === undefined || to < 0 || to === from) {
        put(x(from) + 1, `--${label}${step.to === undefined ? '' : ' (to self)'}${lost ? ' x' : ''}`)
        return `${line.join('').trimEnd()}  ${tail}`
      }
      const left = Math.min(from, to)
      const span = x(Math.max(from, to)) - x(left) - 1
      const shaft = Array.from({ length: span }, () => '-')
      if (to > from) shaft[span - 1] = lost ? 'x' : '>'
      else shaft[0] = lost ? 'x' : '<'
      const text = label.slice(0, Math.max(0, span - 4))
      const start = Math.max(2, Math.floor((span - text.length) / 2))
      for (let i = 0; i < text.length; i++) shaft[start + i] = text[i] ?? '-'
      put(x(left) + 1, shaft.join(''))
      return `${line.join('')}  ${tail}`
    }
    case 'deliver':
      return note(step.to, `deliver #${step.packet}${step.copy > 1 ? ` (copy ${step.copy})` : ''}`)
    case 'drop':
      return note(step.to, `drop #${step.packet} (${step.reason})`)
    case 'timer':
      return note(step.node, `timer ${step.key}`)
    case 'command':
      return note(step.node, `${step.origin} ${step.command.type}${step.nodeDown === true ? ' (node down)' : ''}`)
    case 'event':
      return note(step.node, `event ${describeEvent(step.event)}`)
    case 'media':
      return note(step.node, `media ${step.media.type}`)
    case 'fault':
      return note(step.node, step.node === undefined ? `${step.fault} (network healed)` : step.fault)
  }
}

const fit = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width))

const differingFields = (a: unknown, b: unknown): ReadonlyArray<string> => {
  const fields = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {})
  const fa = fields(a)
  const fb = fields(b)
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => canonicalJson(fa[k]) !== canonicalJson(fb[k]))
}

const short = (u: unknown): string => {
  const text = u === undefined ? '(none)' : canonicalJson(u)
  return text.length > 100 ? `${text.slice(0, 97)}...` : text
}

/**
 * The side-by-side ladder around step `index` (or around the end of the steps when
 * `index` is past them: then the outcomes differ and are shown in the marked row),
 * followed by the fields of the differing step that differ.
 */
export const divergenceLadder = (recorded: Trace, replayed: Trace, index: number, options: DivergenceLadderOptions = {}): string => {
  const context = options.context ?? 3
  const columns = recorded.scenario.participants.map((p) => p.name)
  const w = Math.max(8, options.columnWidth ?? 14)
  const side = TIME + 2 + (columns.length - 1) * w + 1 + 22
  const cell = (steps: ReadonlyArray<TraceStep>, i: number): string => {
    const s = steps[i]
    return fit(s === undefined ? `${''.padStart(TIME)}  (no step ${i})` : `${String(s.at).padStart(TIME)}  ${stepRow(s, columns, w)}`, side)
  }
  const outcomeCell = (o: Outcome): string => fit(`${'outcome'.padStart(TIME)}  ${describeOutcome(o).split('\n')[0] ?? ''}`, side)
  const heads = Array.from({ length: columns.length * w }, () => ' ')
  columns.forEach((name, i) => {
    for (let j = 0; j < Math.min(name.length, w - 1); j++) heads[i * w + j] = name[j] ?? ' '
  })
  const header = fit(`${'time'.padStart(TIME)}  ${heads.join('').trimEnd()}`, side)
  const last = Math.max(recorded.steps.length, replayed.steps.length)
  const rows = [`${''.padEnd(9)}${fit(`${''.padStart(TIME)}  recorded`, side)}${SEP}${''.padStart(TIME)}  replayed`, `   step  ${header}${SEP}${header.trimEnd()}`]
  for (let i = Math.max(0, index - context); i <= Math.min(last - 1, index + context); i++)
    rows.push(`${i === index ? '>>' : '  '} ${String(i).padStart(4)}  ${cell(recorded.steps, i)}${SEP}${cell(replayed.steps, i).trimEnd()}`)
  if (index >= last) rows.push(`>>       ${outcomeCell(recorded.outcome)}${SEP}${outcomeCell(replayed.outcome).trimEnd()}`)
  const a = index >= last ? recorded.outcome : recorded.steps[index]
  const b = index >= last ? replayed.outcome : replayed.steps[index]
  const fields = a === undefined || b === undefined || a.type !== b.type ? ['step'] : differingFields(a, b)
  const details = fields.map((k) => {
    const pick = (x: unknown): unknown => (k === 'step' ? x : (x as Record<string, unknown> | undefined)?.[k])
    return `  ${k}: recorded ${short(pick(a))}, replayed ${short(pick(b))}`
  })
  return [...rows, ...details].join('\n')
}
