import type { Sink, SinkWriter, SinkWriterContext } from '../../api/sink.js'

/** Discards every record; a write is a real call per record, so benchmarks still pay for the pipeline in front of it. */
class BlackholeWriter<T> implements SinkWriter<T> {
  write(): void {}
  flush(): void {}
  close(): void {}
}

/** A sink that discards everything (Flink's DiscardingSink / the blackhole connector), for benchmarks and tests. */
export class BlackholeSink<T> implements Sink<T> {
  createWriter(_context: SinkWriterContext): SinkWriter<T> {
    return new BlackholeWriter<T>()
  }
}
