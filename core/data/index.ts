/** Plain data structures the core keeps its state in. */
export * from './persistent-map.ts'
