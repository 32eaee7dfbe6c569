// @ts-check
/**
 * The dependency rule of DESIGN.md, as an ESLint rule:
 * - core/ imports only core/ and the allowed packages (fp-ts, @noble/hashes), never node:*;
 *   inside core, a layer imports only layers at or below it, never a sibling layer.
 * - sim/ imports sim/, core/ and data packages (fp-ts, io-ts, @noble/hashes).
 * - shell/ imports shell/, core/, sim/ and any package.
 * - nothing imports examples/ or bench/ (except themselves), and nothing imports properties/ but tests.
 * Test files (*.test.ts) and properties/ may import anything.
 */
import path from 'node:path'

/** Rank of each core folder: a file may import its own folder or any folder of lower rank. */
const coreRank = {
  data: 0, random: 0, message: 1, sdp: 2, sipfrag: 2, auth: 2, transaction: 3, dialog: 4,
  session: 5, subscription: 5, transfer: 6, ua: 7, '': 8,
}

const allowedPackages = {
  core: [/^fp-ts(\/|$)/, /^@noble\/hashes(\/|$)/],
  sim: [/^fp-ts(\/|$)/, /^io-ts(\/|$)/, /^@noble\/hashes(\/|$)/],
}

/** @param {string} rel path relative to the project root, posix */
const areaOf = (rel) => {
  const [top, sub] = rel.split('/')
  return { top: top ?? '', sub: sub !== undefined && rel.split('/').length > 2 ? sub : '' }
}

/** @type {import('eslint').Rule.RuleModule} */
export const dependencyRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer and purity boundaries of DESIGN.md' },
    schema: [],
  },
  create(context) {
    const root = context.cwd
    const file = path.relative(root, context.filename).split(path.sep).join('/')
    if (file.endsWith('.test.ts') || file.startsWith('properties/')) return {}
    const from = areaOf(file)

    /** @param {import('estree').Node} node @param {string} source */
    const check = (node, source) => {
      const report = (/** @type {string} */ message) => context.report({ node, message })
      if (!source.startsWith('.')) {
        const allowed = /** @type {Record<string, RegExp[]>} */ (allowedPackages)[from.top]
        if (allowed !== undefined && !allowed.some((re) => re.test(source))) {
          report(`${from.top}/ may not import "${source}" (allowed: ${allowed.map((r) => r.source).join(', ')})`)
        }
        return
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), source))
      const to = areaOf(target)
      if ((to.top === 'examples' || to.top === 'bench') && from.top !== to.top) {
        return report(`nothing imports ${to.top}/ ("${source}")`)
      }
      if (to.top === 'properties') return report(`only tests import properties/ ("${source}")`)
      const reach = { core: ['core'], sim: ['sim', 'core'], shell: ['shell', 'sim', 'core'] }[from.top]
      if (reach !== undefined && !reach.includes(to.top)) {
        return report(`${from.top}/ may not import ${to.top || 'the project root'} ("${source}")`)
      }
      if (from.top === 'core' && to.top === 'core') {
        const a = /** @type {Record<string, number>} */ (coreRank)[from.sub]
        const b = /** @type {Record<string, number>} */ (coreRank)[to.sub]
        if (a === undefined || b === undefined) return report(`core/${to.sub || from.sub} has no layer rank in eslint-rules/dependency-rule.js`)
        if (from.sub !== to.sub && b >= a) report(`core/${from.sub} may not import core/${to.sub} (a lower layer never imports a higher or sibling one)`)
      }
    }

    return {
      ImportDeclaration: (node) => check(node, String(node.source.value)),
      ExportAllDeclaration: (node) => check(node, String(node.source.value)),
      ExportNamedDeclaration: (node) => { if (node.source) check(node, String(node.source.value)) },
      ImportExpression: (node) => { if (node.source.type === 'Literal') check(node, String(node.source.value)) },
    }
  },
}

export default { rules: { 'dependency-rule': dependencyRule } }
