export { BlackholeSink } from './blackhole/blackhole-sink.js'
export { CollectionSource } from './collection/collection-source.js'
export { DataGeneratorSource, type DataGeneratorSourceOptions } from './datagen/data-generator-source.js'
export { FileSource, type FileSourceSplit } from './file/file-source.js'
export { JsonLinesFileSink } from './file/json-lines-file-sink.js'
export { PrintSink, type PrintSinkOptions } from './print/print-sink.js'
export {
  SequenceSource, type SequenceElement, type SequenceSplit, type SequenceSourceOptions,
} from './sequence/sequence-source.js'
export type { StrideSplit } from './split/stride-split.js'
export type { RollingPolicyOptions } from './transactional-file/default-rolling-policy.js'
export { TransactionalFileSink, type TransactionalFileSinkOptions } from './transactional-file/transactional-file-sink.js'
export type { TransactionalFileCommittable, TransactionalFileWriterState } from './transactional-file/transactional-file-state.js'
