/** Where a sink writer runs. */
export interface SinkWriterContext {
  readonly subtaskIndex: number
  readonly parallelism: number
}

/** Writes the records of one sink subtask (Flink's SinkWriter). Runs synchronously in a worker. */
export interface SinkWriter<T> {
  write(value: T, timestampMs: number | undefined): void
  /** Called when input ends (endOfInput) and before checkpoints: make everything written durable. */
  flush(endOfInput: boolean): void
  close(): void
}

/** A sink (Flink's Sink): creates one writer per parallel subtask. */
export interface Sink<T> {
  /** The most subtasks this sink can use (1 for a single output file); unlimited when undefined. */
  readonly maxParallelism?: number
  createWriter(context: SinkWriterContext): SinkWriter<T>
}
