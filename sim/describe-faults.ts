/** Human-readable fault plan: the seed first, then every knob (printed up front of a run). */
import type { FaultPlan, LinkFaults, LossModel } from './fault-plan.ts'

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`

const describeLoss = (loss: LossModel): string => {
  switch (loss.type) {
    case 'none':
      return 'loss none'
    case 'random':
      return `loss random ${pct(loss.p)}`
    case 'gilbert-elliott':
      return `loss gilbert-elliott p=${pct(loss.p)} r=${pct(loss.r)} good=${pct(loss.lossGood)} bad=${pct(loss.lossBad)}`
  }
}

export const describeLink = (l: LinkFaults): string =>
  [
    `latency ${l.latency} ms`,
    `jitter ${l.jitter} ms`,
    describeLoss(l.loss),
    `duplicate ${pct(l.duplicate)}`,
    `reorder ${pct(l.reorder)} (+${l.reorderGap} ms)`,
  ].join(', ')

export const describeFaults = (plan: FaultPlan): string => {
  const heal = (end: number | undefined): number => Math.min(end ?? plan.healAt, plan.healAt)
  const lines = [
    `seed ${plan.seed} (${plan.mode}), faults until ${plan.healAt} ms`,
    `  links: ${describeLink(plan.links)}`,
    ...plan.overrides.map((o) => `  link ${o.from}->${o.to}: ${describeLink(o.faults)}`),
    ...plan.partitions.map(
      (p) => `  partition ${p.a.join(',')} ${p.oneWay ? '->' : '<->'} ${p.b.join(',')} from ${p.start} ms, heals at ${heal(p.end)} ms`,
    ),
    ...plan.holds.map((h) => `  hold ${h.from}->${h.to} from ${h.start} ms, released at ${heal(h.end)} ms`),
    ...plan.crashes.map((c) => `  crash ${c.node} at ${c.at} ms, restart at ${heal(c.restartAt)} ms`),
  ]
  return lines.join('\n')
}
