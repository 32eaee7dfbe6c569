/**
 * The ladder as terminal text: a time column, then one lifeline per node, an arrow
 * per packet labelled with method or status ("x" at the head when it was lost).
 *
 *        time  alice                 bob
 *           0  |-------OPTIONS------->|  +10ms
 *          10  |<------200 OK---------|  +10ms
 */
import { fateNote, ladderOf, type LadderOptions } from './ladder-model.ts'
import type { Trace } from './trace.ts'

export interface TextLadderOptions extends LadderOptions {
  /** Characters between two lifelines (default 22). */
  readonly columnWidth?: number
}

const TIME_WIDTH = 8

export const ladderText = (trace: Trace, options: TextLadderOptions = {}): string => {
  const { columns, rows } = ladderOf(trace, { events: true, ...options })
  const w = Math.max(8, options.columnWidth ?? 22)
  const x = (i: number): number => TIME_WIDTH + 2 + i * w
  const width = x(Math.max(0, columns.length - 1)) + w
  const blank = (): string[] => {
    const line = Array.from({ length: width }, () => ' ')
    for (let i = 0; i < columns.length; i++) line[x(i)] = '|'
    return line
  }
  const put = (line: string[], at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) line[at + i] = text[i] ?? ' '
  }
  const render = (line: string[], at: number, note: string): string => {
    const time = String(at).padStart(TIME_WIDTH - 1)
    const body = note === '' ? line : line.slice(0, x(Math.max(0, columns.length - 1)) + 1)
    return `${time}  ${body.join('').slice(TIME_WIDTH + 2)}${note === '' ? '' : `  ${note}`}`.trimEnd()
  }
  const header = Array.from({ length: width }, () => ' ')
  columns.forEach((name, i) => put(header, x(i), name.slice(0, w - 1)))
  const out = [`${'time'.padStart(TIME_WIDTH - 1)}  ${header.join('').slice(TIME_WIDTH + 2)}`.trimEnd()]
  for (const row of rows) {
    const line = blank()
    if (row.type === 'note') {
      const text = `* ${row.text}`
      put(line, (row.node === undefined ? x(0) : x(row.node)) + 2, row.node === undefined ? `~~ ${row.text} ~~` : text)
      out.push(render(line, row.at, ''))
      continue
    }
    const lost = row.send.fate === 'dropped'
    const due = row.send.deliverAt.map((t) => t - row.at)
    const note = [fateNote(row.send), due.length > 0 ? `+${due.join('/')}ms` : ''].filter((s) => s !== '').join(', ')
    if (row.to === undefined || row.to === row.from) {
      const self = row.to === undefined ? '' : ' (to self)'
      put(line, x(row.from) + 1, `--${row.summary.label}${self}${lost ? ' x' : ''}`)
      out.push(render(line, row.at, note))
      continue
    }
    const left = Math.min(row.from, row.to)
    const right = Math.max(row.from, row.to)
    const span = x(right) - x(left) - 1
    const shaft = Array.from({ length: span }, () => '-')
    if (row.to > row.from) shaft[span - 1] = lost ? 'x' : '>'
    else shaft[0] = lost ? 'x' : '<'
    const label = row.summary.label.slice(0, Math.max(0, span - 4))
    const start = Math.max(2, Math.floor((span - label.length) / 2))
    for (let i = 0; i < label.length; i++) shaft[start + i] = label[i] ?? '-'
    put(line, x(left) + 1, shaft.join(''))
    out.push(render(line, row.at, note))
  }
  return `${out.join('\n')}\n`
}
