/** The UA's PRNG seed from the OS (DESIGN.md: the shell seeds from the OS, the simulator from the world seed). */
import { randomInt } from 'node:crypto'

export const osSeed = (): number => randomInt(0, 0xffff_ffff)
