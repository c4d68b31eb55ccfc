/**
 * Sluice's public surface: what a job imports. Nothing from runtime/ or coordinator/ is exported;
 * they are reached only through `sluice run`.
 */
export { defineJob, type JobMain } from './api/define-job.js'
export { StreamExecutionEnvironment } from './api/stream-execution-environment.js'
export { DataStream } from './api/data-stream.js'
export { KeyedStream, IntervalJoinBuilder, IntervalJoined } from './api/keyed-stream.js'
export { WindowedStream } from './api/windowed-stream.js'
export { ConnectedStreams, KeyedConnectedStreams } from './api/connected-streams.js'
export { CoGroupedStreams, WindowedCoGroup, type CoGroupFunction, type JoinFunction } from './api/co-grouped-streams.js'
export { WatermarkStrategy, type WatermarkGenerator, type WatermarkOutput, type TimestampAssigner } from './api/watermark-strategy.js'
export type * from './api/functions.js'
export type * from './api/source.js'
export type * from './api/sink.js'
export type { TimeWindow } from './api/windowing/time-window.js'
export * from './api/windowing/index.js'
export { valueState, listState, mapState, reducingState, aggregatingState } from './state/state-descriptor.js'
export type * from './state/state-descriptor.js'
export type * from './state/keyed-state.js'
export type { Key } from './state/key.js'
export * from './connectors/index.js'
export * from './connectors/nexmark/index.js'
export { SluiceError, type ErrorDomain } from './errors.js'
