import type { JobGraph, JobVertex } from '../../graph/job-graph.js'
import type {
  LatencyHistogramSample, LatencyTrackingSettings, SubtaskKey, SubtaskMetricSample, UserMetricSample,
} from '../../protocol/messages.js'
import type { Clock } from '../../util/clock.js'
import type { ChannelTransport } from '../network/channel-transport.js'
import { InputGate, type InputHandler } from '../network/input-gate.js'
import type { ResultPartition } from '../network/result-partition.js'
import { SourceOperator } from '../../operators/source-operator.js'
import { isTwoInput, type TwoInputStreamOperator } from '../../operators/stream-operator.js'
import { ChannelStateMismatchError } from '../../errors.js'
import type { CheckpointDeclineReason } from '../../protocol/messages.js'
import { channelLayoutOf } from '../../graph/channel-layout.js'
import { AtLeastOnceBarrierHandler } from '../checkpointing/at-least-once-barrier-handler.js'
import { ChannelStateRecorder, type ChannelState } from '../checkpointing/channel-state.js'
import { noAlignment, type BarrierAlignment, type CheckpointBarrierTarget } from '../checkpointing/checkpoint-barrier-handler.js'
import { ExactlyOnceBarrierHandler } from '../checkpointing/exactly-once-barrier-handler.js'
import { OutputBarrierOvertaking } from '../checkpointing/output-barrier-overtaking.js'
import { LatencyStats } from '../metrics/latency-stats.js'
import type { KeyedStateCheckpointing } from '../checkpointing/keyed-state-checkpointing.js'
import type { OperatorRestore, OperatorSnapshot } from '../checkpointing/operator-snapshot.js'
import { OperatorChain } from './operator-chain.js'
import { TaskTimeTracker } from './task-time-tracker.js'
import { TimerProcessingTimeService } from './timer-processing-time-service.js'

/** What a turn of a task ended with. */
export type TurnResult = 'more' | 'waiting' | 'finished'

/**
 * Lifecycle of a subtask in its worker. With checkpoints, a subtask whose input ended (its operators finished) awaits a
 * checkpoint taken after that point before it finishes (Flink's FLIP-147): the checkpoint holds what its sinks still
 * have to commit, and only its completion commits it. 'finishing': end-of-partition sent, output draining.
 */
export type TaskState = 'created' | 'running' | 'awaiting-final-checkpoint' | 'finishing' | 'finished' | 'failed' | 'canceled'

/** Everything a StreamTask is built from. */
export interface StreamTaskContext {
  readonly jobGraph: JobGraph
  readonly vertex: JobVertex
  readonly subtaskIndex: number
  readonly attemptNumber: number
  readonly clock: Clock
  readonly transport: ChannelTransport
  readonly partitions: ReadonlyMap<number, ResultPartition>
  /** Input channels of the head, in gate order. */
  readonly inputChannels: readonly { channelId: number; inputIndex: 1 | 2 }[]
  readonly buffersPerChannel: number
  readonly floatingBuffersPerGate: number
  readonly autoWatermarkIntervalMs: number
  /** Present when latency tracking is on (metrics.latency.interval > 0). */
  readonly latencyTracking?: LatencyTrackingSettings
  /** Asks the worker's scheduler to run this task soon. */
  readonly wake: () => void
  /** The subtask's input ended and it awaits the final checkpoint (with checkpoints only). */
  readonly onEndOfInput: () => void
  /** How keyed state and timers are written into and read back from checkpoints (restoring needs it without checkpoints too). */
  readonly keyedStateCheckpointing: KeyedStateCheckpointing
  /** Present when the job checkpoints. */
  readonly checkpointing?: TaskCheckpointing
  /** State to resume from, by operator id. */
  readonly restore?: ReadonlyMap<string, OperatorRestore>
  /**
   * The checkpoint resumed from, with the subtask's in-flight data if it was unaligned, and whether the subtask had
   * ended its input then (it then starts finished: restores, but reads and emits nothing).
   */
  readonly restoredCheckpoint?: { readonly checkpointId: number; readonly channelState: ChannelState | undefined; readonly isFinished: boolean }
}

/** How a task takes part in checkpoints. */
export interface TaskCheckpointing {
  readonly mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE'
  /** The synchronous part is done and the barrier forwarded: write the state (asynchronous part) and acknowledge. */
  onSnapshot(snapshot: TaskSnapshot): void
  onDeclined(checkpointId: number, reason: CheckpointDeclineReason, detail: string): void
}

/** A subtask's state at a checkpoint, taken between two elements. */
export interface TaskSnapshot {
  readonly checkpointId: number
  readonly operators: readonly OperatorSnapshot[]
  readonly syncDurationMs: number
  readonly alignment: BarrierAlignment
  /** Unaligned checkpoints: the in-flight data, complete once every input delivered the barrier (undefined if aborted). */
  readonly channelState?: Promise<ChannelState | undefined>
  /** With channelState: the channels it is recorded on (graph/channel-layout.ts). */
  readonly channelLayout?: string
  /** Unaligned from the start; an aligned checkpoint counts as unaligned once its barrier overtook output. */
  readonly isUnaligned?: boolean
  /** Taken after the subtask's input ended: the checkpoint that lets it commit and finish. */
  readonly isFinished: boolean
}

const MIN_BATCH = 1
const MAX_BATCH = 1024
/** A turn ends after roughly this long, so the other tasks of the worker and its messages get a go. */
const TURN_MS = 4
/**
 * A turn also ends once an output pool is this full: consumers sharing the worker's thread then
 * drain it before the producer runs out of buffers. Without this, a producer faster than its
 * consumer would exhaust its pool every turn and count as back-pressured while it merely waits
 * for the consumer's turn on the same thread; a consumer that is really slow still leaves the pool
 * full, and the producer back-pressured, at its next turn.
 */
const YIELD_AT_POOL_USAGE = 0.5

/**
 * One parallel instance of a job vertex (Flink's StreamTask) with its mailbox loop: each turn
 * runs pending mails (timers), then moves input (a source reader or the input gate) through the
 * operator chain until the turn's time is up, input runs dry, or output is back-pressured.
 */
export class StreamTask implements InputHandler, CheckpointBarrierTarget {
  readonly key: SubtaskKey
  readonly name: string
  readonly chain: OperatorChain
  readonly gate: InputGate | undefined
  readonly tracker: TaskTimeTracker
  state: TaskState = 'created'
  readonly #source: SourceOperator<unknown> | undefined
  readonly #twoInputHead: TwoInputStreamOperator | undefined
  readonly #partitions: ResultPartition[]
  readonly #mails: (() => void)[] = []
  readonly #timeService: TimerProcessingTimeService
  #batch = 64
  #nextWatermarkAtMs = 0
  #isSourceWaiting = false
  #inputWatermarkMs = Number.NEGATIVE_INFINITY
  #isIdleDownstream = false
  readonly #latencyStats: LatencyStats | undefined
  readonly #outputOvertaking: OutputBarrierOvertaking
  #latencyMarkerTimer: NodeJS.Timeout | undefined
  /** When the next latency marker fell due; undefined while none is due. */
  #latencyMarkerDueAtMs: number | undefined
  /** The first checkpoint snapshotted after the input ended: its completion (or a later one's) finishes the subtask. */
  #finalCheckpointId: number | undefined

  constructor(private readonly context: StreamTaskContext) {
    this.key = { vertexId: context.vertex.id, subtaskIndex: context.subtaskIndex }
    this.name = `${context.vertex.name} (${context.subtaskIndex + 1}/${context.vertex.parallelism})`
    this.tracker = new TaskTimeTracker(context.clock.relativeMs())
    this.#timeService = new TimerProcessingTimeService(context.clock, (mail) => this.enqueueMail(mail))
    this.#partitions = [...context.partitions.values()]
    this.chain = new OperatorChain({
      jobGraph: context.jobGraph,
      vertex: context.vertex,
      subtaskIndex: context.subtaskIndex,
      attemptNumber: context.attemptNumber,
      partitions: context.partitions,
      processingTimeService: this.#timeService,
      keyedStateCheckpointing: context.keyedStateCheckpointing,
      isCheckpointingEnabled: context.checkpointing !== undefined,
      ...(context.restore !== undefined ? { restore: context.restore } : {}),
    })
    if (context.latencyTracking !== undefined) {
      this.#latencyStats = new LatencyStats(context.latencyTracking, context.jobGraph, this.chain.operatorIds, context.subtaskIndex)
    }
    const head = this.chain.head
    if (head instanceof SourceOperator) {
      this.#source = head
      head.nowMs = () => context.clock.nowMs()
      head.onStatusChange = (isIdle) => this.processWatermarkStatus(isIdle)
    } else {
      this.gate = new InputGate(context.inputChannels, context.transport, context.buffersPerChannel, context.floatingBuffersPerGate)
      this.gate.onDataAvailable = () => this.#onInputAvailable()
      if (isTwoInput(head)) this.#twoInputHead = head
      const checkpointing = context.checkpointing
      if (checkpointing !== undefined) {
        const gate = this.gate
        gate.barrierHandler = checkpointing.mode === 'EXACTLY_ONCE'
          ? new ExactlyOnceBarrierHandler(gate.channels.length, gate, this, context.clock)
          : new AtLeastOnceBarrierHandler(gate.channels.length, this, context.clock)
        gate.onPriorityBarrier = () => this.enqueueMail(() => gate.processPriorityBarriers())
        if (context.restoredCheckpoint !== undefined) gate.barrierHandler.resumeAfter(context.restoredCheckpoint.checkpointId)
      }
    }
    for (const partition of this.#partitions) partition.pool.onAvailable = () => this.#onOutputAvailable()
    this.#outputOvertaking = new OutputBarrierOvertaking(this.#partitions, this.gate?.channels.length ?? 0,
      () => context.clock.nowMs(), (delayMs, action) => this.schedule(delayMs, action))
  }

  /** Opens the operators, queues restored in-flight data and grants initial credit. */
  start(): void {
    this.state = 'running'
    this.chain.open()
    const restored = this.context.restoredCheckpoint
    if (restored?.channelState !== undefined) this.#restoreInFlight(restored.channelState)
    this.gate?.open()
    if (restored?.isFinished === true) {
      // finished on restore (Flink): its operators ended before; running them again would emit their end-of-input output twice
      for (const partition of this.#partitions) partition.broadcastEndOfData()
      this.#awaitFinalCheckpoint()
      return
    }
    this.#nextWatermarkAtMs = this.context.clock.relativeMs() + this.context.autoWatermarkIntervalMs
    const latencyTracking = this.context.latencyTracking
    if (this.#source !== undefined && latencyTracking !== undefined) {
      // marked when due; it leaves between two batches, in line with the records, once an output buffer is free
      this.#latencyMarkerTimer = setInterval(() => {
        this.#latencyMarkerDueAtMs ??= this.context.clock.nowMs()
        this.context.wake()
      }, latencyTracking.intervalMs)
      this.#latencyMarkerTimer.unref()
    }
  }

  /**
   * Emits the due latency marker, marked when it fell due: like Flink's source, which waits for a buffer to emit it,
   * a back-pressured source holds it back (it would take a buffer beyond the pool's capacity) and the wait counts.
   */
  #emitDueLatencyMarker(): void {
    const markedTimeMs = this.#latencyMarkerDueAtMs!
    this.#latencyMarkerDueAtMs = undefined
    const marker = {
      markedTimeMs,
      sourceVertexIndex: this.context.jobGraph.vertices.indexOf(this.context.vertex),
      sourceSubtaskIndex: this.context.subtaskIndex,
    }
    this.chain.forwardLatencyMarker(marker, this.#latencyStats!, this.context.clock.nowMs(), true)
  }

  processLatencyMarker(markedTimeMs: number, sourceVertexIndex: number, sourceSubtaskIndex: number): void {
    if (this.#latencyStats === undefined) return
    this.chain.forwardLatencyMarker({ markedTimeMs, sourceVertexIndex, sourceSubtaskIndex }, this.#latencyStats, this.context.clock.nowMs(), false)
  }

  /** The user metrics of this subtask's operators. */
  sampleUserMetrics(): UserMetricSample[] {
    return this.chain.sampleUserMetrics(this.context.clock.nowMs())
  }

  /** The latency histograms of this subtask's operators (empty when latency tracking is off). */
  sampleLatency(): LatencyHistogramSample[] {
    return this.#latencyStats?.sample() ?? []
  }

  #restoreInFlight(state: ChannelState): void {
    const inputChannels = this.gate?.channels.length ?? 0
    const subpartitions = this.#partitions.map((partition) => partition.subpartitions.length)
    if (state.inputChannels.length !== inputChannels || state.subpartitions.length !== subpartitions.length ||
      state.subpartitions.some((partition, i) => partition.length !== subpartitions[i])) {
      throw new ChannelStateMismatchError(`'${this.name}'`, `it was recorded on ${state.inputChannels.length} input channel(s) and ` +
        `[${state.subpartitions.map((p) => p.length).join(', ')}] output subpartition(s), the subtask now has ${inputChannels} and [${subpartitions.join(', ')}]`)
    }
    this.gate?.restoreInFlight(state.inputChannels)
    this.#partitions.forEach((partition, i) => partition.restoreInFlight(state.subpartitions[i]!))
  }

  enqueueMail(mail: () => void): void {
    this.#mails.push(mail)
    if (this.tracker.activity !== 'back-pressured') this.tracker.transition('busy', this.context.clock.relativeMs())
    this.context.wake()
  }

  #onInputAvailable(): void {
    if (this.tracker.activity === 'idle') this.tracker.transition('busy', this.context.clock.relativeMs())
    this.context.wake()
  }

  #onOutputAvailable(): void {
    if (!this.isOutputAvailable()) return
    if (this.tracker.activity === 'back-pressured') this.tracker.transition('busy', this.context.clock.relativeMs())
    this.context.wake()
  }

  isOutputAvailable(): boolean {
    const partitions = this.#partitions
    for (let i = 0; i < partitions.length; i++) if (!partitions[i]!.pool.isAvailable) return false
    return true
  }

  /** Runs one turn of the mailbox loop. */
  runTurn(): TurnResult {
    if (this.state === 'finishing') return this.#checkDrained()
    if (this.state !== 'running' && this.state !== 'awaiting-final-checkpoint') return 'finished'
    const clock = this.context.clock
    while (this.#mails.length > 0) this.#mails.shift()!()
    if (this.state !== 'running') return this.#runAfterEndOfInput()
    const deadline = clock.relativeMs() + TURN_MS
    for (;;) {
      if (!this.isOutputAvailable()) {
        this.tracker.transition('back-pressured', clock.relativeMs())
        return 'waiting'
      }
      if (this.#latencyMarkerDueAtMs !== undefined) this.#emitDueLatencyMarker()
      const started = clock.relativeMs()
      const outcome = this.#source !== undefined ? this.#runSource(started) : this.#runGate()
      if (outcome !== 'more') return outcome
      const now = clock.relativeMs()
      this.#adaptBatch(now - started)
      if (now >= deadline || this.#isOutputFilling()) return 'more'
    }
  }

  #isOutputFilling(): boolean {
    const partitions = this.#partitions
    for (let i = 0; i < partitions.length; i++) if (partitions[i]!.pool.usage >= YIELD_AT_POOL_USAGE) return true
    return false
  }

  /** Keeps a batch near a fraction of a turn, so slow operators still yield often. */
  #adaptBatch(elapsedMs: number): void {
    if (elapsedMs > TURN_MS / 2) this.#batch = Math.max(MIN_BATCH, this.#batch >> 1)
    else if (elapsedMs < TURN_MS / 8) this.#batch = Math.min(MAX_BATCH, this.#batch << 1)
  }

  #runSource(nowMs: number): TurnResult {
    const source = this.#source!
    if (nowMs >= this.#nextWatermarkAtMs) {
      this.#nextWatermarkAtMs = nowMs + this.context.autoWatermarkIntervalMs
      source.emitPeriodicWatermark()
    }
    const status = source.pollNext(this.#batch)
    if (status === 'MORE_AVAILABLE') return 'more'
    if (status === 'END_OF_INPUT') {
      source.emitFinalWatermark()
      return this.#endOfInput()
    }
    // nothing available: idle until the reader says it is worth polling again
    this.tracker.transition('idle', this.context.clock.relativeMs())
    if (!this.#isSourceWaiting) {
      this.#isSourceWaiting = true
      setTimeout(() => {
        this.#isSourceWaiting = false
        this.tracker.transition('busy', this.context.clock.relativeMs())
        this.context.wake()
      }, Math.max(0, Math.min(source.waitMs(), this.context.autoWatermarkIntervalMs)))
    }
    return 'waiting'
  }

  #runGate(): TurnResult {
    const status = this.gate!.processElements(this, this.#batch)
    switch (status) {
      case 'budget-exhausted':
        return 'more'
      case 'back-pressured':
        this.tracker.transition('back-pressured', this.context.clock.relativeMs())
        return 'waiting'
      case 'no-data':
      case 'end-of-input': // every channel ended, its end-of-data reported before: only reachable after end of input
        this.tracker.transition('idle', this.context.clock.relativeMs())
        return 'waiting'
      case 'end-of-data':
        return this.#endOfInput()
    }
  }

  /** The input ended: operators flush and finish, consumers learn that no more data comes; then the final checkpoint. */
  #endOfInput(): TurnResult {
    clearInterval(this.#latencyMarkerTimer)
    this.chain.endInput()
    for (const partition of this.#partitions) partition.broadcastEndOfData()
    return this.#awaitFinalCheckpoint()
  }

  /**
   * Without checkpoints nothing is left to wait for: end-of-partition goes out and the task finishes. With them, the
   * task waits for a checkpoint that covers its finished operators: its sinks commit their last output only then, and
   * a restore from that checkpoint finds the subtask finished instead of replaying its end (FLIP-147).
   */
  #awaitFinalCheckpoint(): TurnResult {
    if (this.context.checkpointing === undefined) return this.#startFinishing()
    this.state = 'awaiting-final-checkpoint'
    this.tracker.transition('idle', this.context.clock.relativeMs())
    this.context.onEndOfInput()
    return 'waiting'
  }

  /** Awaiting the final checkpoint: barriers (and end-of-partition) still arrive and must be read for it. */
  #runAfterEndOfInput(): TurnResult {
    // a mail (the final checkpoint's completion) may have started finishing, or finished at once
    if (this.state === 'finishing') return this.#checkDrained()
    if (this.state === 'finished') return 'finished'
    if (this.state !== 'awaiting-final-checkpoint') return 'waiting'
    if (this.gate !== undefined) this.gate.processElements(this, MAX_BATCH)
    return 'waiting'
  }

  #startFinishing(): TurnResult {
    for (const partition of this.#partitions) partition.finish()
    this.state = 'finishing'
    return this.#checkDrained()
  }

  /** Stop-with-savepoint --drain: a source ends its input now, as a bounded source does at its end. */
  drain(): void {
    this.enqueueMail(() => {
      if (this.state !== 'running' || this.#source === undefined) return
      this.#source.emitFinalWatermark()
      this.#endOfInput()
    })
  }

  #checkDrained(): TurnResult {
    for (const partition of this.#partitions) {
      if (!partition.isDrained) {
        // waiting for credit to send the rest; a credit wakes the task
        this.tracker.transition('back-pressured', this.context.clock.relativeMs())
        return 'waiting'
      }
    }
    this.#finish()
    return 'finished'
  }

  #finish(): void {
    clearInterval(this.#latencyMarkerTimer)
    this.#timeService.shutdown()
    this.chain.close()
    this.state = 'finished'
  }

  /**
   * A source subtask starts a checkpoint (its barrier leaves with the next turn, between two batches; even when
   * back-pressured, since mails run first). `unalignAfterMs` as in the trigger message.
   */
  triggerCheckpoint(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void {
    this.enqueueMail(() => {
      const barrierHandler = this.gate?.barrierHandler
      if (barrierHandler !== undefined) {
        // every upstream task finished: no barrier comes, the checkpoint covers the input up to each end-of-partition
        barrierHandler.onTriggeredWithoutBarrier(checkpointId, triggerTimestampMs, unalignAfterMs)
        return
      }
      const startDelayMs = Math.max(0, this.context.clock.nowMs() - triggerTimestampMs)
      if (unalignAfterMs === 0) this.#performUnalignedCheckpoint(checkpointId, triggerTimestampMs, noAlignment(startDelayMs))?.completeIfDone()
      else this.#performCheckpoint(checkpointId, triggerTimestampMs, noAlignment(startDelayMs), unalignAfterMs)
    })
  }

  triggerCheckpointOnBarrier(checkpointId: number, triggerTimestampMs: number, alignment: BarrierAlignment, unalignAfterMs: number): void {
    this.#performCheckpoint(checkpointId, triggerTimestampMs, alignment, unalignAfterMs)
  }

  triggerUnalignedCheckpointOnBarrier(checkpointId: number, triggerTimestampMs: number, alignment: BarrierAlignment):
    ChannelStateRecorder | undefined {
    return this.#performUnalignedCheckpoint(checkpointId, triggerTimestampMs, alignment)
  }

  schedule(delayMs: number, action: () => void): () => void {
    const timer = setTimeout(() => this.enqueueMail(action), delayMs)
    timer.unref()
    return () => clearTimeout(timer)
  }

  abortCheckpointOnBarrier(checkpointId: number): void {
    this.context.checkpointing?.onDeclined(checkpointId, 'CHECKPOINT_DECLINED',
      `${this.name} received the barrier of a newer checkpoint before all barriers of ${checkpointId}`)
  }

  /** The synchronous part: snapshot every operator, then send the barrier on, before any later record. */
  #performCheckpoint(checkpointId: number, triggerTimestampMs: number, alignment: BarrierAlignment, unalignAfterMs: number): void {
    const checkpointing = this.#checkpointingIfRunning(checkpointId)
    if (checkpointing === undefined) return
    const isFinished = this.#noteFinalCheckpoint(checkpointId)
    const startedMs = this.context.clock.relativeMs()
    const operators = this.chain.snapshotState(checkpointId)
    let queuedBarriers = 0
    for (const partition of this.#partitions) queuedBarriers += partition.broadcastBarrier(checkpointId, triggerTimestampMs, unalignAfterMs)
    const syncDurationMs = this.context.clock.relativeMs() - startedMs
    const overtaken = this.#outputOvertaking.afterBroadcast(checkpointId, triggerTimestampMs, unalignAfterMs, queuedBarriers)
    checkpointing.onSnapshot({
      checkpointId, operators, syncDurationMs, alignment, isFinished,
      ...(overtaken !== undefined ? { channelState: overtaken, channelLayout: channelLayoutOf(this.context.jobGraph, this.context.vertex) } : {}),
    })
  }

  /**
   * The synchronous part of an unaligned checkpoint: snapshot every operator, then send the barrier ahead of the
   * queued output, which goes into the returned recorder with the input's in-flight data.
   */
  #performUnalignedCheckpoint(checkpointId: number, triggerTimestampMs: number, alignment: BarrierAlignment):
    ChannelStateRecorder | undefined {
    const checkpointing = this.#checkpointingIfRunning(checkpointId)
    if (checkpointing === undefined) return undefined
    const isFinished = this.#noteFinalCheckpoint(checkpointId)
    const startedMs = this.context.clock.relativeMs()
    const operators = this.chain.snapshotState(checkpointId)
    const recorder = new ChannelStateRecorder(checkpointId, this.gate?.channels.length ?? 0,
      this.#partitions.map((partition) => partition.subpartitions.length))
    this.#partitions.forEach((partition, i) => partition.broadcastPriorityBarrier(checkpointId, triggerTimestampMs, recorder, i))
    const syncDurationMs = this.context.clock.relativeMs() - startedMs
    checkpointing.onSnapshot({
      checkpointId, operators, syncDurationMs, alignment, isFinished,
      channelState: recorder.completion, channelLayout: channelLayoutOf(this.context.jobGraph, this.context.vertex), isUnaligned: true,
    })
    return recorder
  }

  #checkpointingIfRunning(checkpointId: number): TaskCheckpointing | undefined {
    const checkpointing = this.context.checkpointing
    if (checkpointing === undefined) return undefined
    if (this.state === 'running' || this.state === 'awaiting-final-checkpoint') return checkpointing
    checkpointing.onDeclined(checkpointId, this.state === 'created' ? 'CHECKPOINT_DECLINED_TASK_NOT_READY' : 'CHECKPOINT_DECLINED_TASK_CLOSING',
      `${this.name} is ${this.state}`)
    return undefined
  }

  /** Whether this snapshot is taken after the input ended; the first such checkpoint is the one the task finishes with. */
  #noteFinalCheckpoint(checkpointId: number): boolean {
    if (this.state !== 'awaiting-final-checkpoint') return false
    this.#finalCheckpointId ??= checkpointId
    return true
  }

  /** The coordinator aborted the checkpoint: no more aligning or recording in-flight data for it. */
  abortCheckpoint(checkpointId: number): void {
    this.enqueueMail(() => {
      this.gate?.barrierHandler?.abortCheckpoint(checkpointId)
      this.#outputOvertaking.abort(checkpointId)
    })
  }

  /**
   * The checkpoint is complete everywhere: operators commit what it covers (between two batches); a subtask awaiting
   * its final checkpoint then finishes.
   */
  notifyCheckpointComplete(checkpointId: number): void {
    this.enqueueMail(() => {
      if (this.state !== 'running' && this.state !== 'awaiting-final-checkpoint') return
      this.chain.notifyCheckpointComplete(checkpointId)
      const finalCheckpointId = this.#finalCheckpointId
      if (this.state === 'awaiting-final-checkpoint' && finalCheckpointId !== undefined && checkpointId >= finalCheckpointId) this.#startFinishing()
    })
  }

  /** Sends partially filled buffers downstream (execution.buffer-timeout.interval). */
  flushOutputs(): void {
    if (this.state !== 'running' && this.state !== 'awaiting-final-checkpoint') return
    for (const partition of this.#partitions) partition.flush()
  }

  /** Stops the task without finishing its input (cancel or failure elsewhere). */
  cancel(): void {
    if (this.state === 'finished' || this.state === 'canceled') return
    this.state = 'canceled'
    clearInterval(this.#latencyMarkerTimer)
    this.#timeService.shutdown()
    try {
      this.chain.close()
    } catch {
      // closing after a failure may fail again; the first failure is what gets reported
    }
  }

  processRecord1(value: unknown, timestampMs: number): void {
    this.chain.head.processElement(value, timestampMs)
  }

  processRecord2(value: unknown, timestampMs: number): void {
    this.#twoInputHead!.processElement2(value, timestampMs)
  }

  processWatermark(watermarkMs: number): void {
    this.#inputWatermarkMs = watermarkMs
    this.chain.head.processWatermark(watermarkMs)
  }

  processWatermarkStatus(isIdle: boolean): void {
    if (isIdle === this.#isIdleDownstream) return
    this.#isIdleDownstream = isIdle
    for (const partition of this.#partitions) partition.broadcastWatermarkStatus(isIdle)
  }

  /** Raw counters for the coordinator's metrics. */
  sampleMetrics(): SubtaskMetricSample {
    const now = this.context.clock.relativeMs()
    const totals = this.tracker.totals(now)
    let numRecordsOut = 0
    let numBytesOut = 0
    let outPoolUsage = 0
    for (const partition of this.#partitions) {
      numRecordsOut += partition.numRecordsOut
      numBytesOut += partition.numBytesOut
      outPoolUsage = Math.max(outPoolUsage, partition.pool.usage)
    }
    let numBytesIn = 0
    if (this.gate !== undefined) for (const channel of this.gate.channels) numBytesIn += channel.numBytesIn
    return {
      subtask: this.key,
      sampledAtMs: now,
      numRecordsIn: this.gate?.numRecordsIn ?? 0,
      numRecordsOut,
      numBytesIn,
      numBytesOut,
      accumulatedBusyTimeMs: totals.busyMs,
      accumulatedIdleTimeMs: totals.idleMs,
      accumulatedBackPressuredTimeMs: totals.backPressuredMs,
      currentInputWatermarkMs: this.#source !== undefined ? this.chain.outputWatermarkMs : this.#inputWatermarkMs,
      currentOutputWatermarkMs: this.chain.outputWatermarkMs,
      outPoolUsage,
      inPoolUsage: this.gate?.usage ?? 0,
    }
  }
}
