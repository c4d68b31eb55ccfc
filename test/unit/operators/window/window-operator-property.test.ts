import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EventTimeSessionWindows } from '../../../../src/api/windowing/event-time-session-windows.js'
import type { ProcessWindowFunction } from '../../../../src/api/windowing/process-window-function.js'
import { SlidingEventTimeWindows } from '../../../../src/api/windowing/sliding-event-time-windows.js'
import type { TimeWindow } from '../../../../src/api/windowing/time-window.js'
import type { WindowAssigner } from '../../../../src/api/windowing/window-assigner.js'
import { WindowOperator } from '../../../../src/operators/window/window-operator.js'
import { TestingKeyedOperatorHarness } from '../../../support/testing-keyed-operator-harness.js'
import { aRandom } from '../../../support/seeded-random.js'
import { aScenario, type Event } from '../../../support/window-scenarios.js'

/** A window of the model: its elements and whether its end-of-window firing is still due. */
interface ModelWindow { key: string; start: number; end: number; values: number[]; isFiringDue: boolean }

/**
 * Flink's WindowOperator with the default EventTimeTrigger, written the plain way: windows as a list,
 * no timers and no state indirection. `windowsOf` returns the (possibly merged) window an element lands in.
 */
class WindowModel {
  windows: ModelWindow[] = []
  watermarkMs = Number.NEGATIVE_INFINITY
  numLateRecordsDropped = 0

  constructor(
    private readonly allowedLatenessMs: number,
    private readonly assign: (timestampMs: number) => TimeWindow[],
    private readonly isMerging: boolean,
  ) {}

  element(key: string, value: number, timestampMs: number): string[] {
    const emitted: string[] = []
    let isSkipped = true
    for (const assigned of this.assign(timestampMs)) {
      const window = this.isMerging ? this.#merge(key, assigned) : this.#find(key, assigned)
      if (window.end - 1 + this.allowedLatenessMs <= this.watermarkMs) continue
      isSkipped = false
      if (!this.windows.includes(window)) this.windows.push(window)
      window.values.push(value)
      if (window.end - 1 <= this.watermarkMs) {
        window.isFiringDue = false
        emitted.push(firingOf(window))
      }
    }
    if (isSkipped && timestampMs + this.allowedLatenessMs <= this.watermarkMs) this.numLateRecordsDropped++
    return emitted
  }

  watermark(watermarkMs: number): string[] {
    this.watermarkMs = watermarkMs
    const emitted: string[] = []
    for (const window of this.windows) {
      if (window.isFiringDue && window.end - 1 <= watermarkMs) {
        window.isFiringDue = false
        emitted.push(firingOf(window))
      }
    }
    this.windows = this.windows.filter((w) => w.end - 1 + this.allowedLatenessMs > watermarkMs)
    return emitted
  }

  #find(key: string, assigned: TimeWindow): ModelWindow {
    return this.windows.find((w) => w.key === key && w.start === assigned.start && w.end === assigned.end)
      ?? { key, start: assigned.start, end: assigned.end, values: [], isFiringDue: true }
  }

  #merge(key: string, assigned: TimeWindow): ModelWindow {
    const overlapping = this.windows.filter((w) => w.key === key && w.start <= assigned.end && w.end >= assigned.start)
    if (overlapping.length === 0) return { key, start: assigned.start, end: assigned.end, values: [], isFiringDue: true }
    const start = Math.min(assigned.start, ...overlapping.map((w) => w.start))
    const end = Math.max(assigned.end, ...overlapping.map((w) => w.end))
    if (overlapping.length === 1 && overlapping[0]!.start === start && overlapping[0]!.end === end) return overlapping[0]!
    this.windows = this.windows.filter((w) => !overlapping.includes(w))
    // a merge result whose end already passed fires through the element, not through a timer
    return { key, start, end, values: overlapping.flatMap((w) => w.values), isFiringDue: end - 1 > this.watermarkMs }
  }
}

function firingOf(window: { key: string; start: number; end: number; values: readonly number[] }): string {
  return `${window.key} [${window.start}, ${window.end}): ${[...window.values].sort((a, b) => a - b).join(',')}`
}

const describeFiring: ProcessWindowFunction<Event, string, string, TimeWindow> = {
  process(key, context, elements, out) {
    out.collect(describeWindow(key, context.window, [...elements].map((e) => e[1])))
  },
}
function describeWindow(key: string, window: TimeWindow, values: number[]): string {
  return firingOf({ key, start: window.start, end: window.end, values })
}

function checkAgainstModel(seed: number, assigner: WindowAssigner<TimeWindow>, allowedLatenessMs: number, model: WindowModel): void {
  const operator = new WindowOperator<Event, string, string>({
    name: 'Window(Property)', keySelector: (e) => e[0], assigner, allowedLatenessMs, contents: { kind: 'process', windowFunction: describeFiring },
  })
  const harness = new TestingKeyedOperatorHarness<Event, string>(operator).open()
  for (const [index, step] of aScenario(aRandom(seed)).entries()) {
    let expected: string[]
    if (step.kind === 'element') {
      harness.processElement([step.key, step.value], step.timestampMs)
      expected = model.element(step.key, step.value, step.timestampMs)
    } else {
      harness.processWatermark(step.watermarkMs)
      expected = model.watermark(step.watermarkMs)
    }
    // ties between windows fire in timer registration order, which the model does not track
    assert.deepEqual(harness.takeValues().sort(), expected.sort(), `seed ${seed}, step ${index}: ${JSON.stringify(step)}`)
  }
  assert.equal(operator.numLateRecordsDropped, model.numLateRecordsDropped, `seed ${seed}: late records dropped`)
  assert.equal(harness.numTimers(), 0, `seed ${seed}: timers left`)
  assert.equal(harness.backend.numEntries(), 0, `seed ${seed}: state left`)
}

describe('WindowOperator against a plain model', () => {
  it('fires sliding and tumbling windows as the model does, for any order of elements and any lateness', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = aRandom(seed * 7919)
      const sizeMs = 1 + Math.floor(random() * 12)
      const slideMs = random() < 0.3 ? sizeMs : 1 + Math.floor(random() * sizeMs)
      const allowedLatenessMs = random() < 0.3 ? 0 : Math.floor(random() * 15)
      const assigner = SlidingEventTimeWindows.of(sizeMs, slideMs)
      const model = new WindowModel(allowedLatenessMs, (t) => [...assigner.assignWindows(null, t)], false)
      checkAgainstModel(seed, assigner, allowedLatenessMs, model)
    }
  })

  it('merges and fires session windows as the model does, for any order of elements and any lateness', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = aRandom(seed * 104729)
      const gapMs = 1 + Math.floor(random() * 10)
      const allowedLatenessMs = random() < 0.3 ? 0 : Math.floor(random() * 15)
      const model = new WindowModel(allowedLatenessMs, (t) => [{ start: t, end: t + gapMs }], true)
      checkAgainstModel(seed, EventTimeSessionWindows.withGap(gapMs), allowedLatenessMs, model)
    }
  })
})
