import { Configuration } from '../config/configuration.js'
import type { Transformation } from '../graph/transformation.js'
import { Transformation as TransformationNode } from '../graph/transformation.js'
import { SourceOperator } from '../operators/source-operator.js'
import { DataStream } from './data-stream.js'
import type { Source } from '../api/source.js'
import type { WatermarkStrategy } from '../api/watermark-strategy.js'

/**
 * Where a job builds its pipeline (Flink's StreamExecutionEnvironment). Sluice hands one to the
 * job's default export; the runtime runs what it records, so the job never calls execute().
 */
export class StreamExecutionEnvironment {
  readonly #transformations: Transformation[] = []
  #nextId = 1
  #jobName: string | undefined

  constructor(readonly configuration: Configuration) {}

  /** Adds a source (Flink's fromSource): a bounded or unbounded stream of records. */
  fromSource<T>(source: Source<T>, watermarkStrategy: WatermarkStrategy<T> | undefined, sourceName: string): DataStream<T> {
    const transformation = this.createTransformation(sourceName, 'source', [], (name) => new SourceOperator<T>(name, source, watermarkStrategy))
    transformation.chainingStrategy = 'HEAD'
    transformation.parallelismLimit = source.maxParallelism
    return new DataStream<T>(this, transformation)
  }

  /** Names the job (shown by `sluice list` and the REST API); defaults to the job file's name. */
  setJobName(name: string): this {
    this.#jobName = name
    return this
  }

  get jobName(): string | undefined {
    return this.#jobName
  }

  /** Records a transformation; used by DataStream and friends. */
  createTransformation(
    name: string,
    kind: Transformation['kind'],
    inputs: Transformation['inputs'],
    operatorFactory: Transformation['operatorFactory'],
    partitioner?: Transformation['partitioner'],
  ): Transformation {
    const transformation = new TransformationNode(this.#nextId++, name, kind, inputs, operatorFactory, partitioner)
    this.#transformations.push(transformation)
    return transformation
  }

  /** Everything recorded so far, in creation order. */
  get transformations(): readonly Transformation[] {
    return this.#transformations
  }
}
