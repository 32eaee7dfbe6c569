/**
 * The progress bar of `sipxfer sim --swarm N`, redrawn in place on stderr:
 *
 *   [##########....................]  340/1000 runs  2 failed
 *
 * A bar is redrawn only when it would look different (a cell filled, a run failed), so
 * a million runs write a few hundred bars, not a million.
 */

export const BAR_WIDTH = 30

export const progressBar = (done: number, total: number, failed: number, width: number = BAR_WIDTH): string => {
  const filled = total <= 0 ? width : Math.min(width, Math.floor((done * width) / total))
  const digits = String(total).length
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(digits)}/${total} runs  ${failed} failed`
}

/** Whether the bar after `done` runs differs from the one after `done - 1` (or is the first or last). */
export const barChanged = (done: number, total: number, failedNow: boolean, width: number = BAR_WIDTH): boolean =>
  done <= 0 || done >= total || failedNow || Math.floor((done * width) / total) !== Math.floor(((done - 1) * width) / total)
