import type { StreamTask } from '../task/stream-task.js'

/**
 * Runs the tasks of one worker thread in turns (the worker is one thread, like a TaskManager
 * slot whose subtasks share a core). Between rounds it yields to the event loop, so messages
 * from the coordinator and peers, timers and credits get through.
 */
export class TaskScheduler {
  readonly #runnable = new Set<StreamTask>()
  #isScheduled = false

  constructor(
    private readonly onFinished: (task: StreamTask) => void,
    private readonly onFailed: (task: StreamTask, thrown: unknown) => void,
    private readonly afterRound: () => void,
  ) {}

  wake(task: StreamTask): void {
    this.#runnable.add(task)
    this.#schedule()
  }

  #schedule(): void {
    if (this.#isScheduled) return
    this.#isScheduled = true
    setImmediate(() => this.#round())
  }

  #round(): void {
    this.#isScheduled = false
    const tasks = [...this.#runnable]
    this.#runnable.clear()
    for (const task of tasks) {
      if (task.state !== 'running' && task.state !== 'awaiting-final-checkpoint' && task.state !== 'finishing') continue
      let result
      try {
        result = task.runTurn()
      } catch (thrown) {
        task.state = 'failed'
        this.onFailed(task, thrown)
        continue
      }
      if (result === 'more') this.#runnable.add(task)
      else if (result === 'finished') this.onFinished(task)
    }
    this.afterRound()
    if (this.#runnable.size > 0) this.#schedule()
  }
}
