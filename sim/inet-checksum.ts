/** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words. */
export const onesComplementSum = (bytes: Uint8Array, initial = 0): number => {
  let sum = initial
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)
  if (bytes.length % 2 === 1) sum += (bytes[bytes.length - 1] ?? 0) << 8
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return sum
}

export const inetChecksum = (bytes: Uint8Array, initial = 0): number => ~onesComplementSum(bytes, initial) & 0xffff
