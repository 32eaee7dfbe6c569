/** Plain data structures the core keeps its state in. */
export * from './mutable.ts'
export * from './persistent-map.ts'
