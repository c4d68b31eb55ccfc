import { parentPort, workerData } from 'node:worker_threads'
import { Configuration } from '../../config/configuration.js'
import { configRegistry } from '../../config/options/all-options.js'
import { JobGraphMismatchError } from '../../errors.js'
import { buildJobGraph, importJobMain } from '../../job/job-loader.js'
import type { JobGraph } from '../../graph/job-graph.js'
import type { CoordinatorToWorker, TaskDeploymentDescriptor, WorkerToCoordinator } from '../../protocol/messages.js'
import { systemClock } from '../../util/clock.js'
import { readStateFile } from '../../state/checkpoint-storage/checkpoint-reader.js'
import { FileSystemCheckpointStorage } from '../../state/checkpoint-storage/file-system-checkpoint-storage.js'
import { deserializeChannelState } from '../checkpointing/channel-state.js'
import { heapKeyedStateCheckpointing } from '../checkpointing/keyed-state-checkpointing.js'
import type { OperatorRestore } from '../checkpointing/operator-snapshot.js'
import { ResultPartition } from '../network/result-partition.js'
import { StreamTask, type TaskCheckpointing } from '../task/stream-task.js'
import { SubtaskCheckpointWriter } from './subtask-checkpoint-writer.js'
import { failureReport } from './failure-report.js'
import { TaskScheduler } from './task-scheduler.js'
import { WorkerTransport } from './worker-transport.js'

/**
 * Entry point of a worker thread (a TaskManager): rebuilds the job graph from the job module,
 * creates its subtasks and channels, and runs them until they finish or are cancelled.
 */
const port = parentPort!
const workerIndex = (workerData as { workerIndex: number }).workerIndex
const tasks: StreamTask[] = []
let transport: WorkerTransport | undefined
let checkpointWriter: SubtaskCheckpointWriter | undefined
const timers: NodeJS.Timeout[] = []

function send(message: WorkerToCoordinator): void {
  port.postMessage(message)
}

const scheduler = new TaskScheduler(
  (task) => {
    sendMetrics()
    send({ type: 'task-finished', subtask: task.key })
  },
  (task, thrown) => {
    send({ type: 'task-failed', failure: { subtask: task.key, taskName: task.name, ...failureReport(thrown) } })
  },
  () => {
    if (bufferTimeoutMs === 0) for (const task of tasks) task.flushOutputs()
  },
)
let bufferTimeoutMs = 100

function sendMetrics(): void {
  send({
    type: 'metrics', workerIndex, samples: tasks.map((t) => t.sampleMetrics()), heapUsedBytes: process.memoryUsage().heapUsed,
    latency: tasks.flatMap((t) => t.sampleLatency()),
    userMetrics: tasks.flatMap((t) => t.sampleUserMetrics()),
  })
}

async function deploy(message: Extract<CoordinatorToWorker, { type: 'deploy' }>): Promise<void> {
  const configuration = Configuration.fromEntries(message.config.map((e) => ({ ...e, origin: 'coordinator' })), configRegistry)
  const main = await importJobMain(message.jobModuleUrl)
  // Every subtask gets a graph of its own, built by running the job's main again: function objects
  // (and whatever they keep in fields) must not be shared by subtasks of one worker, just as Flink
  // deserializes a fresh copy of each function for every subtask.
  const buildOwnGraph = async (): Promise<JobGraph> => {
    const graph = await buildJobGraph(main, message.jobModuleUrl, message.jobArgs, configuration)
    if (graph.fingerprint !== message.jobGraphFingerprint) throw new JobGraphMismatchError()
    return graph
  }
  const settings = message.settings
  bufferTimeoutMs = settings.bufferTimeoutMs
  const checkpointingSettings = message.checkpointing
  if (checkpointingSettings !== undefined) {
    const storage = new FileSystemCheckpointStorage({
      checkpointsDir: checkpointingSettings.jobCheckpointDir, jobId: message.jobId, isCompressionEnabled: checkpointingSettings.isCompressed, shouldCreateJobSubdir: false,
    })
    checkpointWriter = new SubtaskCheckpointWriter(storage, send, systemClock)
  }
  transport = new WorkerTransport(workerIndex, message.channels)
  for (const peer of message.peers) transport.addPeer(peer.workerIndex, peer.port)
  for (const deployment of message.tasks) {
    const jobGraph = await buildOwnGraph()
    const vertex = jobGraph.vertices.find((v) => v.id === deployment.vertexId)!
    const isMine = (c: { producer: { vertexId: string; subtaskIndex: number } }) =>
      c.producer.vertexId === vertex.id && c.producer.subtaskIndex === deployment.subtaskIndex
    const partitions = new Map<number, ResultPartition>()
    const outgoing = message.channels.filter(isMine)
    for (const edge of jobGraph.edges.filter((e) => e.sourceVertexId === vertex.id)) {
      const channels = outgoing.filter((c) => c.edgeIndex === edge.index).sort((a, b) => a.subpartitionIndex - b.subpartitionIndex)
      const capacity = channels.length * settings.buffersPerChannel + settings.floatingBuffersPerGate + 1
      partitions.set(edge.index, new ResultPartition(channels.map((c) => c.channelId), settings.segmentSizeBytes, capacity, transport))
    }
    const incoming = message.channels
      .filter((c) => c.consumer.vertexId === vertex.id && c.consumer.subtaskIndex === deployment.subtaskIndex)
      .sort((a, b) => a.gateChannelIndex - b.gateChannelIndex)
    const restore = deployment.restore === undefined ? undefined : await readRestore(deployment.restore)
    const restoredCheckpoint = deployment.restore === undefined ? undefined : {
      checkpointId: deployment.restore.checkpointId,
      channelState: deployment.restore.channelState === undefined ? undefined
        : deserializeChannelState(await readStateFile(deployment.restore.channelState.checkpointDir, deployment.restore.channelState.handle)),
      isFinished: deployment.restore.isFinishedOnRestore === true,
    }
    const subtask = { vertexId: deployment.vertexId, subtaskIndex: deployment.subtaskIndex }
    let checkpointing: TaskCheckpointing | undefined
    if (checkpointingSettings !== undefined) {
      const writer = checkpointWriter!
      checkpointing = {
        mode: checkpointingSettings.mode,
        onSnapshot: (snapshot) => writer.write(subtask, snapshot),
        onDeclined: (checkpointId, reason, detail) => send({ type: 'checkpoint-declined', checkpointId, subtask, reason, detail }),
      }
    }
    const task: StreamTask = new StreamTask({
      jobGraph,
      vertex,
      subtaskIndex: deployment.subtaskIndex,
      attemptNumber: deployment.attemptNumber,
      clock: systemClock,
      transport,
      partitions,
      inputChannels: incoming.map((c) => ({ channelId: c.channelId, inputIndex: jobGraph.edges[c.edgeIndex]!.inputIndex })),
      buffersPerChannel: settings.buffersPerChannel,
      floatingBuffersPerGate: settings.floatingBuffersPerGate,
      autoWatermarkIntervalMs: settings.autoWatermarkIntervalMs,
      ...(settings.latencyTracking.intervalMs > 0 ? { latencyTracking: settings.latencyTracking } : {}),
      wake: () => scheduler.wake(task),
      onEndOfInput: () => send({ type: 'task-end-of-input', subtask }),
      keyedStateCheckpointing: heapKeyedStateCheckpointing,
      ...(checkpointing !== undefined ? { checkpointing } : {}),
      ...(restore !== undefined ? { restore } : {}),
      ...(restoredCheckpoint !== undefined ? { restoredCheckpoint } : {}),
    })
    for (const [edgeIndex, partition] of partitions) {
      const channels = outgoing.filter((c) => c.edgeIndex === edgeIndex).sort((a, b) => a.subpartitionIndex - b.subpartitionIndex)
      channels.forEach((c, i) => transport!.registerProducer(c.channelId, partition.subpartitions[i]!, () => scheduler.wake(task)))
    }
    if (task.gate !== undefined) {
      for (const channel of task.gate.channels) transport.registerConsumer(channel.channelId, task.gate, channel)
    }
    tasks.push(task)
  }
  send({ type: 'deployed', workerIndex })
}

/** Reads (and verifies) the state files a subtask resumes from. */
async function readRestore(descriptor: NonNullable<TaskDeploymentDescriptor['restore']>): Promise<Map<string, OperatorRestore>> {
  const restore = new Map<string, OperatorRestore>()
  for (const operator of descriptor.operators) {
    const keyedStates = await Promise.all(operator.keyedStateFiles.map((file) => readStateFile(file.checkpointDir, file.handle)))
    restore.set(operator.operatorId, { keyedStates, operatorStates: operator.operatorStates })
  }
  return restore
}

function taskOf(subtask: { vertexId: string; subtaskIndex: number }): StreamTask | undefined {
  return tasks.find((task) => task.key.vertexId === subtask.vertexId && task.key.subtaskIndex === subtask.subtaskIndex)
}

function start(settings: { metricsIntervalMs: number; bufferTimeoutMs: number }): void {
  for (const task of tasks) {
    try {
      task.start()
    } catch (thrown) {
      task.state = 'failed'
      send({ type: 'task-failed', failure: { subtask: task.key, taskName: task.name, ...failureReport(thrown) } })
      return
    }
    send({ type: 'task-running', subtask: task.key })
    scheduler.wake(task)
  }
  timers.push(setInterval(sendMetrics, settings.metricsIntervalMs))
  if (settings.bufferTimeoutMs > 0) {
    timers.push(setInterval(() => {
      for (const task of tasks) task.flushOutputs()
    }, settings.bufferTimeoutMs))
  }
}

function cancel(): void {
  for (const timer of timers) clearInterval(timer)
  for (const task of tasks) task.cancel()
  transport?.close()
  send({ type: 'canceled', workerIndex })
}

let deployedSettings: { metricsIntervalMs: number; bufferTimeoutMs: number } | undefined
port.on('message', (message: CoordinatorToWorker) => {
  switch (message.type) {
    case 'deploy':
      deployedSettings = message.settings
      deploy(message).catch((thrown: unknown) => send({ type: 'worker-failed', workerIndex, failure: failureReport(thrown) }))
      return
    case 'start':
      start(deployedSettings!)
      return
    case 'cancel':
      cancel()
      return
    case 'drain':
      for (const task of tasks) task.drain()
      return
    case 'trigger-checkpoint':
      checkpointWriter?.onTrigger(message.location)
      for (const subtask of message.subtasks) taskOf(subtask)?.triggerCheckpoint(message.location.checkpointId, message.triggerTimestampMs, message.unalignAfterMs)
      return
    case 'notify-checkpoint-complete':
      checkpointWriter?.forget(message.checkpointId)
      for (const task of tasks) task.notifyCheckpointComplete(message.checkpointId)
      return
    case 'abort-checkpoint':
      checkpointWriter?.forget(message.checkpointId)
      for (const task of tasks) task.abortCheckpoint(message.checkpointId)
  }
})
