// Weights files made in Node for the robustness tests: the format of
// src/core/weights.rs (magic, version, spec text, count, f32 values, CRC-32).

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE), as the app computes it. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A weights file for `spec` with these parameter values and a valid checksum. */
export function cnnw(spec, values) {
  const text = Buffer.from(spec, 'utf8');
  const body = Buffer.alloc(16 + text.length + 4 * values.length);
  body.write('CNNW', 0, 'latin1');
  body.writeUInt32LE(1, 4);
  body.writeUInt32LE(text.length, 8);
  text.copy(body, 12);
  body.writeUInt32LE(values.length, 12 + text.length);
  values.forEach((v, i) => body.writeFloatLE(v, 16 + text.length + 4 * i));
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(body));
  return Buffer.concat([body, crc]);
}
