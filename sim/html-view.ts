/**
 * The ladder as one self-contained HTML page: an inline SVG ladder (one lifeline per
 * node, one arrow per packet), a click on an arrow shows the full message, and a
 * Call-ID filter hides the other dialogs. No external resources.
 */
import { showHostPort } from './host-port.ts'
import { fateNote, ladderOf } from './ladder-model.ts'
import { messageText } from './sip-summary.ts'
import type { Trace } from './trace.ts'
import { describeOutcome } from './outcome.ts'
import { describeFaults } from './describe-faults.ts'

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

const COLUMN = 220
const ROW = 28
const TOP = 50
const LEFT = 90

const script = `
const packets = JSON.parse(document.getElementById('packets').textContent);
const view = document.getElementById('message');
const title = document.getElementById('message-title');
for (const g of document.querySelectorAll('.arrow')) {
  g.addEventListener('click', () => {
    const p = packets[Number(g.dataset.index)];
    for (const s of document.querySelectorAll('.arrow.selected')) s.classList.remove('selected');
    g.classList.add('selected');
    title.textContent = p.title;
    view.textContent = p.text;
  });
}
document.getElementById('call-filter').addEventListener('change', (e) => {
  const id = e.target.value;
  for (const g of document.querySelectorAll('.arrow')) {
    g.style.display = id === '' || g.dataset.callId === id ? '' : 'none';
  }
});
`

const style = `
body { font-family: system-ui, sans-serif; margin: 1em; }
pre { background: #f6f6f6; padding: .5em; overflow: auto; }
svg text { font-family: ui-monospace, monospace; font-size: 12px; }
.lifeline { stroke: #999; stroke-dasharray: 4 3; }
.arrow { cursor: pointer; }
.arrow line.shaft { stroke: #222; stroke-width: 1.5; }
.arrow.response line.shaft { stroke: #2a62b8; stroke-dasharray: 6 3; }
.arrow.lost line.shaft { stroke: #c22; }
.arrow .hit { stroke: transparent; stroke-width: 14; }
.arrow.selected text { font-weight: bold; }
.arrow:hover text { text-decoration: underline; }
.note { fill: #666; font-style: italic; }
.time { fill: #888; }
#message-panel { position: sticky; top: 0; }
`

export const ladderHtml = (trace: Trace): string => {
  const { columns, rows } = ladderOf(trace, { events: true })
  const x = (i: number): number => LEFT + i * COLUMN + COLUMN / 2
  const width = LEFT + Math.max(1, columns.length) * COLUMN
  const height = TOP + (rows.length + 1) * ROW
  const packets: Array<{ readonly title: string; readonly text: string }> = []
  const callIds = new Set<string>()
  const parts: string[] = []
  columns.forEach((name, i) => {
    parts.push(`<text x="${x(i)}" y="20" text-anchor="middle" font-weight="bold">${escapeHtml(name)}</text>`)
    parts.push(`<line class="lifeline" x1="${x(i)}" y1="30" x2="${x(i)}" y2="${height - 10}"/>`)
  })
  rows.forEach((row, r) => {
    const y = TOP + r * ROW + ROW / 2
    parts.push(`<text class="time" x="8" y="${y + 4}">${row.at} ms</text>`)
    if (row.type === 'note') {
      const nx = row.node === undefined ? LEFT : x(row.node) + 6
      parts.push(`<text class="note" x="${nx}" y="${y + 4}">${escapeHtml(row.text)}</text>`)
      return
    }
    const s = row.send
    const index = packets.length
    const note = fateNote(s)
    const to = row.to ?? row.from
    packets.push({
      title: `#${s.packet} at ${s.at} ms: ${s.from} (${showHostPort(s.source)}) -> ${s.to ?? '?'} (${showHostPort(s.destination)}) ${s.transport.toUpperCase()}${note === '' ? '' : `, ${note}`}${s.deliverAt.length > 0 ? `, arrives ${s.deliverAt.join(' and ')} ms` : ''}`,
      text: messageText(s.payload),
    })
    if (row.summary.callId !== undefined) callIds.add(row.summary.callId)
    const x1 = x(row.from)
    const x2 = to === row.from ? x1 + COLUMN / 3 : x(to)
    const dir = x2 >= x1 ? 1 : -1
    const tip = x2 - dir * 2
    const head =
      s.fate === 'dropped'
        ? `<path d="M${tip - 5} ${y - 5} L${tip + 5} ${y + 5} M${tip - 5} ${y + 5} L${tip + 5} ${y - 5}" stroke="#c22" stroke-width="2"/>`
        : `<path d="M${tip} ${y} L${tip - dir * 8} ${y - 4} L${tip - dir * 8} ${y + 4} Z" fill="currentColor"/>`
    const classes = ['arrow', row.summary.kind === 'response' ? 'response' : 'request', s.fate === 'dropped' ? 'lost' : ''].join(' ').trim()
    const label = `${row.summary.label}${note === '' ? '' : ` (${note})`}`
    parts.push(
      `<g class="${classes}" data-index="${index}" data-call-id="${escapeHtml(row.summary.callId ?? '')}" data-packet="${s.packet}">` +
        `<line class="hit" x1="${x1}" y1="${y}" x2="${x2}" y2="${y}"/>` +
        `<line class="shaft" x1="${x1}" y1="${y}" x2="${tip}" y2="${y}"/>${head}` +
        `<text x="${(x1 + x2) / 2}" y="${y - 5}" text-anchor="middle">${escapeHtml(label)}</text></g>`,
    )
  })
  const options = [...callIds].map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`).join('')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`sipxfer trace: ${trace.scenario.name} (seed ${trace.seed})`)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(trace.scenario.name)} <small>seed ${trace.seed}</small></h1>
<pre id="faults">${escapeHtml(describeFaults(trace.faults))}</pre>
<p id="outcome">${escapeHtml(describeOutcome(trace.outcome))}</p>
<p id="hash">hash ${escapeHtml(trace.hash)}</p>
<label>Call-ID <select id="call-filter"><option value="">all</option>${options}</select></label>
<div style="display:flex; gap:1em; align-items:flex-start">
<svg id="ladder" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
${parts.join('\n')}
</svg>
<div id="message-panel"><h3 id="message-title">click an arrow to see its message</h3><pre id="message"></pre></div>
</div>
<script type="application/json" id="packets">${scriptJson(packets)}</script>
<script>${script}</script>
</body>
</html>
`
}
