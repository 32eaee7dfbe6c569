/**
 * A persistent map from strings to values: a hash array mapped trie (Bagwell 2001) whose
 * `set` and `delete` return a new map sharing all but one path with the old one, in
 * O(log32 n). The user agent keeps its calls, dialogs, timers and transactions in these,
 * so a step that changes one entry does not copy thousands (a copied `Map` did).
 *
 * It reads like a `ReadonlyMap` (get, has, size, iteration) and iterates in insertion
 * order, as `Map` does: an entry keeps its place when its value is replaced.
 */

const BITS = 5
const MASK = (1 << BITS) - 1
/** Below this depth the 32-bit hash is used up; equal hashes share a collision node. */
const MAX_SHIFT = 30

interface Leaf<V> {
  readonly kind: 'leaf'
  readonly hash: number
  readonly key: string
  readonly value: V
  /** Insertion order. */
  readonly seq: number
}
interface Branch<V> {
  readonly kind: 'branch'
  readonly bitmap: number
  readonly children: ReadonlyArray<Node<V>>
}
interface Collision<V> {
  readonly kind: 'collision'
  readonly hash: number
  readonly leaves: ReadonlyArray<Leaf<V>>
}
type Node<V> = Leaf<V> | Branch<V> | Collision<V>

export interface PersistentMap<V> extends ReadonlyMap<string, V> {
  readonly root: Node<V> | undefined
  readonly nextSeq: number
}

/** FNV-1a over UTF-16 code units, finished with a multiply-shift mix. */
const hashOf = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  return Math.imul(h, 0x45d9f3b) >>> 0
}

const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

const slot = (bitmap: number, bit: number): number => popcount(bitmap & (bit - 1))

const find = <V>(node: Node<V> | undefined, hash: number, key: string): Leaf<V> | undefined => {
  let n = node
  let shift = 0
  while (n !== undefined) {
    switch (n.kind) {
      case 'leaf':
        return n.key === key ? n : undefined
      case 'collision':
        return n.hash === hash ? n.leaves.find((l) => l.key === key) : undefined
      case 'branch': {
        const bit = 1 << ((hash >>> shift) & MASK)
        if ((n.bitmap & bit) === 0) return undefined
        n = n.children[slot(n.bitmap, bit)]
        shift += BITS
      }
    }
  }
  return undefined
}

const replaceAt = <T>(items: ReadonlyArray<T>, i: number, item: T): ReadonlyArray<T> => {
  const copy = items.slice()
  copy[i] = item
  return copy
}
// A copy changed in place (two slices and a spread made three arrays): every insert and delete runs these.
const insertAt = <T>(items: ReadonlyArray<T>, i: number, item: T): ReadonlyArray<T> => {
  const copy = items.slice()
  copy.splice(i, 0, item)
  return copy
}
const removeAt = <T>(items: ReadonlyArray<T>, i: number): ReadonlyArray<T> => {
  const copy = items.slice()
  copy.splice(i, 1)
  return copy
}

/** A node holding two leaves with different keys, split on their hashes from `shift` on. */
const pair = <V>(a: Leaf<V>, b: Leaf<V>, shift: number): Node<V> => {
  if (shift > MAX_SHIFT || a.hash === b.hash) return { kind: 'collision', hash: a.hash, leaves: [a, b] }
  const ia = (a.hash >>> shift) & MASK
  const ib = (b.hash >>> shift) & MASK
  if (ia === ib) return { kind: 'branch', bitmap: 1 << ia, children: [pair(a, b, shift + BITS)] }
  return { kind: 'branch', bitmap: (1 << ia) | (1 << ib), children: ia < ib ? [a, b] : [b, a] }
}

/** `leaf` put into `node`; `added` tells whether the key was new. */
const put = <V>(node: Node<V> | undefined, leaf: Leaf<V>, shift: number): Node<V> => {
  if (node === undefined) return leaf
  switch (node.kind) {
    case 'leaf':
      return node.key === leaf.key ? leaf : pair(node, leaf, shift)
    case 'collision': {
      if (node.hash !== leaf.hash) return put({ kind: 'branch', bitmap: 1 << ((node.hash >>> shift) & MASK), children: [node] }, leaf, shift)
      const i = node.leaves.findIndex((l) => l.key === leaf.key)
      return { ...node, leaves: i === -1 ? [...node.leaves, leaf] : replaceAt(node.leaves, i, leaf) }
    }
    case 'branch': {
      const bit = 1 << ((leaf.hash >>> shift) & MASK)
      const i = slot(node.bitmap, bit)
      if ((node.bitmap & bit) === 0) return { kind: 'branch', bitmap: node.bitmap | bit, children: insertAt(node.children, i, leaf) }
      return { kind: 'branch', bitmap: node.bitmap, children: replaceAt(node.children, i, put(node.children[i], leaf, shift + BITS)) }
    }
  }
}

/** `node` without `key` (which it holds). A branch left with one leaf collapses into it. */
const remove = <V>(node: Node<V>, hash: number, key: string, shift: number): Node<V> | undefined => {
  switch (node.kind) {
    case 'leaf':
      return undefined
    case 'collision': {
      const leaves = node.leaves.filter((l) => l.key !== key)
      return leaves.length === 1 ? leaves[0] : { ...node, leaves }
    }
    case 'branch': {
      const bit = 1 << ((hash >>> shift) & MASK)
      const i = slot(node.bitmap, bit)
      const child = remove(node.children[i]!, hash, key, shift + BITS)
      if (child !== undefined) {
        if (node.children.length === 1 && child.kind !== 'branch') return child
        return { kind: 'branch', bitmap: node.bitmap, children: replaceAt(node.children, i, child) }
      }
      if (node.children.length === 1) return undefined
      const children = removeAt(node.children, i)
      const only = children[0]
      if (children.length === 1 && only !== undefined && only.kind !== 'branch') return only
      return { kind: 'branch', bitmap: node.bitmap & ~bit, children }
    }
  }
}

const collect = <V>(node: Node<V> | undefined, out: Array<Leaf<V>>): void => {
  if (node === undefined) return
  switch (node.kind) {
    case 'leaf':
      out.push(node)
      return
    case 'collision':
      out.push(...node.leaves)
      return
    case 'branch':
      for (const child of node.children) collect(child, out)
  }
}

/** Every leaf in insertion order. */
const leavesOf = <V>(m: PersistentMap<V>): ReadonlyArray<Leaf<V>> => {
  const out: Array<Leaf<V>> = []
  collect(m.root, out)
  return out.sort((a, b) => a.seq - b.seq)
}

/** The `ReadonlyMap` face every version shares. */
const readonlyMapFace = {
  get<V>(this: PersistentMap<V>, key: string): V | undefined {
    return find(this.root, hashOf(key), key)?.value
  },
  has<V>(this: PersistentMap<V>, key: string): boolean {
    return find(this.root, hashOf(key), key) !== undefined
  },
  *entries<V>(this: PersistentMap<V>): MapIterator<[string, V]> {
    for (const l of leavesOf(this)) yield [l.key, l.value]
  },
  *keys<V>(this: PersistentMap<V>): MapIterator<string> {
    for (const l of leavesOf(this)) yield l.key
  },
  *values<V>(this: PersistentMap<V>): MapIterator<V> {
    for (const l of leavesOf(this)) yield l.value
  },
  forEach<V>(this: PersistentMap<V>, f: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const l of leavesOf(this)) f(l.value, l.key, this)
  },
  [Symbol.iterator]<V>(this: PersistentMap<V>): MapIterator<[string, V]> {
    return readonlyMapFace.entries.call(this) as MapIterator<[string, V]>
  },
  get [Symbol.toStringTag](): string {
    return 'PersistentMap'
  },
}

const make = <V>(root: Node<V> | undefined, size: number, nextSeq: number): PersistentMap<V> => {
  const m = Object.create(readonlyMapFace) as { root: Node<V> | undefined; size: number; nextSeq: number }
  m.root = root
  m.size = size
  m.nextSeq = nextSeq
  return m as unknown as PersistentMap<V>
}

const empty: PersistentMap<never> = make<never>(undefined, 0, 0)

/** The empty map. */
export const emptyMap = <V>(): PersistentMap<V> => empty

/** A map of these entries, in their order. */
export const mapOf = <V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> => {
  let m = emptyMap<V>()
  for (const [k, v] of entries) m = mapSet(m, k, v)
  return m
}

/** `m` with `key` bound to `value` (a replaced entry keeps its place in the order). */
export const mapSet = <V>(m: PersistentMap<V>, key: string, value: V): PersistentMap<V> => {
  const hash = hashOf(key)
  const old = find(m.root, hash, key)
  if (old !== undefined && old.value === value) return m
  const leaf: Leaf<V> = { kind: 'leaf', hash, key, value, seq: old?.seq ?? m.nextSeq }
  return make(put(m.root, leaf, 0), old === undefined ? m.size + 1 : m.size, old === undefined ? m.nextSeq + 1 : m.nextSeq)
}

/** `m` without `key`; `m` itself when it has no such key. */
export const mapDelete = <V>(m: PersistentMap<V>, key: string): PersistentMap<V> => {
  const hash = hashOf(key)
  if (m.root === undefined || find(m.root, hash, key) === undefined) return m
  return m.size === 1 ? emptyMap<V>() : make(remove(m.root, hash, key, 0), m.size - 1, m.nextSeq)
}

/** `m` with `key` bound to `value`, or without `key` when `value` is undefined. */
export const mapPut = <V>(m: PersistentMap<V>, key: string, value: V | undefined): PersistentMap<V> =>
  value === undefined ? mapDelete(m, key) : mapSet(m, key, value)
