/**
 * The first byte of every encoded value (the wire format shared by ValueEncoder and ValueDecoder).
 *
 * Small integers, short one-byte strings and references to shapes and strings already seen in the
 * same buffer carry their payload inside the tag byte, so the commonest values of a record cost
 * one byte of header or none at all. All multi-byte numbers are little-endian. "varint" is an
 * unsigned LEB128 integer (7 bits per byte, low bits first).
 *
 * | tag           | meaning                                                                      |
 * |---------------|------------------------------------------------------------------------------|
 * | 0x00–0x7F     | the integer 0–127                                                             |
 * | 0x80–0x9F     | a Latin-1 string of (tag & 31) bytes; also appended to the buffer's string table |
 * | 0xA0–0xBF     | an object of shape id (tag & 31), followed by its property values            |
 * | 0xC0–0xDF     | string table entry (tag & 31)                                                |
 * | 0xE0–0xFF     | the tags below                                                               |
 *
 * Shape and string tables are scoped to one buffer: ids count from 0 after every reset().
 */
export const VALUE_TAG = {
  /** Upper bound (exclusive) of the integers written as their own tag byte. */
  FIXINT_END: 0x80,
  FIXSTR: 0x80,
  SHAPE_REF: 0xa0,
  STRING_REF: 0xc0,
  NULL: 0xe0,
  UNDEFINED: 0xe1,
  FALSE: 0xe2,
  TRUE: 0xe3,
  /** int16 follows. */
  INT16: 0xe4,
  /** int32 follows. */
  INT32: 0xe5,
  /** float64 follows (every number that is not an int32, and -0). */
  FLOAT64: 0xe6,
  /** uint8 length + Latin-1 bytes; not added to the string table. */
  LATIN1_8: 0xe7,
  /** uint32 length + Latin-1 bytes. */
  LATIN1_32: 0xe8,
  /** uint32 byte length + UTF-8 bytes (only for well-formed strings). */
  UTF8_32: 0xe9,
  /** uint32 length in code units + UTF-16LE units: strings holding lone surrogates, kept exactly. */
  UTF16_32: 0xea,
  /** uint16 string table id (ids 32 and above). */
  STRING_REF_16: 0xeb,
  /** varint shape id (ids 32 and above), followed by the property values. */
  SHAPE_REF_VAR: 0xec,
  /**
   * A new shape, which takes the next shape id: varint byte length of the definition, then the
   * definition (varint key count, then per key a varint byte length + UTF-8 bytes), then the values.
   */
  SHAPE_DEFINITION: 0xed,
  /** varint length, then the elements. */
  ARRAY: 0xee,
  /** float64 epoch milliseconds (NaN for an invalid Date). */
  DATE: 0xef,
  /** int64 follows. */
  BIGINT_64: 0xf0,
  /** sign byte (0 or 1 for negative), varint digit count, lowercase hex digits of the magnitude. */
  BIGINT_HEX: 0xf1,
  /** varint length + the bytes of a Uint8Array. */
  BYTES: 0xf2,
} as const

/** Strings up to this many UTF-16 code units take the short one-byte path (and the string table). */
export const SHORT_STRING_MAX_LENGTH = 31

/** The string table of one buffer holds at most this many entries (ids fit in uint16). */
export const STRING_TABLE_CAPACITY = 0x10000

/** Objects and arrays nested deeper than this are refused: in practice the record holds a cycle. */
export const MAX_VALUE_DEPTH = 64
