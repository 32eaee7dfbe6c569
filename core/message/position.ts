/**
 * Positions inside a part of a larger source: a message framed out of a stream is
 * parsed on its own, and its positions are then moved to where it sits in the stream.
 */
import type { Position } from './types.ts'

/**
 * `at`, a position in bytes that start at `origin` of a larger source, as a position in
 * that source: lines add up, and a column on the part's first line continues `origin`'s.
 */
export const shiftPosition = (at: Position, origin: Position): Position => ({
  line: origin.line + at.line - 1,
  column: at.line === 1 ? origin.column + at.column - 1 : at.column,
  offset: origin.offset + at.offset,
})
