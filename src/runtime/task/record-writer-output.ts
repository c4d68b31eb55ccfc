import { InvalidKeyError, userFunctionFailed } from '../../errors.js'
import { assignToKeyGroup, operatorIndexForKeyGroup } from '../../state/key-group.js'
import type { Partitioner } from '../../graph/partitioner.js'
import { invalidKeyType, type Key } from '../../state/key.js'
import type { ResultPartition } from '../network/result-partition.js'
import type { Output } from '../../operators/stream-operator.js'

/** The end of a chain toward one job edge: picks the subpartition(s) of each record (Flink's RecordWriterOutput). */
export class RecordWriterOutput implements Output<unknown> {
  readonly #numChannels: number
  #nextChannel: number
  readonly #keySelector: ((value: unknown) => unknown) | undefined

  constructor(
    private readonly partition: ResultPartition,
    private readonly partitioner: Partitioner,
    private readonly maxParallelism: number,
    subtaskIndex: number,
    private readonly operatorName: string,
  ) {
    this.#numChannels = partition.subpartitions.length
    // start round robin at the subtask's own index so that runs are reproducible
    this.#nextChannel = subtaskIndex % this.#numChannels
    this.#keySelector = partitioner.kind === 'hash' ? partitioner.keySelector : undefined
  }

  collect(value: unknown, timestampMs: number): void {
    switch (this.partitioner.kind) {
      case 'forward':
      case 'global':
        this.partition.emitRecord(0, value, timestampMs)
        return
      case 'rebalance': {
        const channel = this.#nextChannel
        this.#nextChannel = channel + 1 === this.#numChannels ? 0 : channel + 1
        this.partition.emitRecord(channel, value, timestampMs)
        return
      }
      case 'hash': {
        let key: unknown
        try {
          key = this.#keySelector!(value)
        } catch (thrown) {
          throw userFunctionFailed(`${this.operatorName} (keyBy key selector)`, thrown)
        }
        // checked here, before the record crosses the network to a subtask chosen by a meaningless hash
        const invalidType = invalidKeyType(key)
        if (invalidType !== undefined) throw new InvalidKeyError(`${this.operatorName} (keyBy key selector)`, invalidType)
        const keyGroup = assignToKeyGroup(key as Key, this.maxParallelism)
        this.partition.emitRecord(operatorIndexForKeyGroup(this.maxParallelism, this.#numChannels, keyGroup), value, timestampMs)
        return
      }
      case 'broadcast':
        for (let i = 0; i < this.#numChannels; i++) this.partition.emitRecord(i, value, timestampMs)
    }
  }

  emitWatermark(watermarkMs: number): void {
    this.partition.broadcastWatermark(watermarkMs)
  }
}
