/**
 * The first byte of every element in a network buffer (Flink's StreamElementSerializer tags):
 * records with or without a timestamp, watermarks and watermark status changes.
 */
export const TAG_RECORD_WITH_TIMESTAMP = 1
export const TAG_RECORD = 2
export const TAG_WATERMARK = 3
export const TAG_STATUS_IDLE = 4
export const TAG_STATUS_ACTIVE = 5

/** Bytes of a tag plus a float64 timestamp or watermark. */
export const ELEMENT_HEADER_BYTES = 9
/** A checkpoint barrier in line with the data: tag, checkpoint id, trigger time and unalignAfterMs (three float64s). */
export const TAG_BARRIER = 6
export const BARRIER_BYTES = 25
/** A latency marker: tag, emission time (float64), source vertex index and source subtask index (two uint32s). */
export const TAG_LATENCY_MARKER = 7
export const LATENCY_MARKER_BYTES = 17
/**
 * The producer's data ended (Flink's EndOfData): nothing but barriers follow on the channel until end-of-partition.
 * In line, so it travels behind the last records and is part of an unaligned checkpoint's in-flight data.
 */
export const TAG_END_OF_DATA = 8
export const END_OF_DATA_BYTES = 1
