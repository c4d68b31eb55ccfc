// Shared plumbing of the Nexmark examples: argument parsing, the source with Nexmark's
// watermarks (4 s bounded out-of-orderness, as in its DDL) and the result sink.
import {
  BlackholeSink, DataStream, JsonLinesFileSink, NexmarkSource, StreamExecutionEnvironment, TransactionalFileSink, WatermarkStrategy,
  nexmarkConfig, type NexmarkEvent,
} from 'sluice'

export interface NexmarkArgs {
  readonly events: number
  readonly seed: number
  readonly tps: number
  readonly out: string | undefined
  /** A directory for results committed exactly once with checkpoints (part files), instead of --out. */
  readonly outDir: string | undefined
}

const USAGE = '--events N --seed S [--tps T] [--out FILE | --out-dir DIR]'

/** Parses `--events N --seed S [--tps T] [--out FILE | --out-dir DIR]`. */
export function parseNexmarkArgs(args: readonly string[]): NexmarkArgs {
  const values = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!
    if (!['--events', '--seed', '--tps', '--out', '--out-dir'].includes(name)) throw new TypeError(`unknown argument '${name}'; expected ${USAGE}`)
    const value = args[++i]
    if (value === undefined) throw new TypeError(`${name} needs a value`)
    values.set(name, value)
  }
  const number = (name: string, fallback?: number): number => {
    const raw = values.get(name)
    if (raw === undefined) {
      if (fallback === undefined) throw new TypeError(`${name} is required`)
      return fallback
    }
    const value = Number(raw)
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number, got '${raw}'`)
    return value
  }
  if (values.has('--out') && values.has('--out-dir')) throw new TypeError(`--out and --out-dir exclude each other; expected ${USAGE}`)
  return { events: number('--events'), seed: number('--seed', 42), tps: number('--tps', 10_000), out: values.get('--out'), outDir: values.get('--out-dir') }
}

/** The Nexmark event stream with event time from each event's dateTime. */
export function nexmarkStream(env: StreamExecutionEnvironment, args: NexmarkArgs): DataStream<NexmarkEvent> {
  const source = new NexmarkSource(nexmarkConfig({ seed: args.seed, eventsPerSecond: args.tps, totalEvents: args.events }))
  const watermarks = WatermarkStrategy.forBoundedOutOfOrderness<NexmarkEvent>(4000)
    .withTimestampAssigner((event) => (event.bid ?? event.auction ?? event.person)!.dateTime)
  return env.fromSource(source, watermarks, 'Nexmark')
}

/**
 * Writes results as JSON lines to --out (one file, so one sink subtask; rows may repeat after a restore), commits
 * them exactly once as part files in --out-dir, or discards them.
 */
export function sinkResults<T>(stream: DataStream<T>, args: NexmarkArgs): void {
  if (args.out !== undefined) stream.sinkTo(new JsonLinesFileSink<T>(args.out), 'Results').setParallelism(1)
  else if (args.outDir !== undefined) stream.sinkTo(new TransactionalFileSink<T>(args.outDir), 'Committed Results').uid('committed-results')
  else stream.sinkTo(new BlackholeSink<T>(), 'Blackhole')
}
