/**
 * The ladder as a Mermaid `sequenceDiagram`: requests as solid arrows, responses
 * dashed, lost packets ending in a cross, events and faults as notes.
 */
import { fateNote, ladderOf, type LadderOptions } from './ladder-model.ts'
import type { Trace } from './trace.ts'

/** Mermaid treats `;` and `#` specially in messages; write them as entity codes. */
const escape = (text: string): string => text.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/[\r\n]+/g, ' ')

export const ladderMermaid = (trace: Trace, options: LadderOptions = {}): string => {
  const { columns, rows } = ladderOf(trace, { events: true, ...options })
  const id = (i: number): string => `P${i}`
  const lines = ['sequenceDiagram', ...columns.map((name, i) => `  participant ${id(i)} as ${escape(name)}`)]
  for (const row of rows) {
    if (row.type === 'note') {
      const over = row.node === undefined ? `${id(0)},${id(Math.max(0, columns.length - 1))}` : id(row.node)
      lines.push(`  Note over ${over}: ${escape(`${row.at} ms ${row.text}`)}`)
      continue
    }
    const to = row.to ?? row.from
    const lost = row.send.fate === 'dropped'
    const response = row.summary.kind === 'response'
    const arrow = lost ? (response ? '--x' : '-x') : response ? '-->>' : '->>'
    const note = fateNote(row.send)
    lines.push(`  ${id(row.from)}${arrow}${id(to)}: ${escape(`${row.summary.label} (${row.at} ms${note === '' ? '' : `, ${note}`})`)}`)
  }
  return `${lines.join('\n')}\n`
}
