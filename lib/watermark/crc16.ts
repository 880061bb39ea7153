// CRC-16/CCITT-FALSE over bytes. Inside the BCH word it turns a rare decoding
// into a wrong codeword (beyond the code's capacity) into a detected failure.
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
