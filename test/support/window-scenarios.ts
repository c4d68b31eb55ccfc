// Random element/watermark scenarios for window operator property tests.

export type Event = readonly [key: string, value: number]
export type Step = { kind: 'element'; key: string; value: number; timestampMs: number } | { kind: 'watermark'; watermarkMs: number }

/** Random out-of-order elements of three keys, interleaved with rising watermarks, ending with +Infinity. */
export function aScenario(random: () => number): Step[] {
  const int = (n: number): number => Math.floor(random() * n)
  const steps: Step[] = []
  let watermarkMs = -1
  for (let i = 0; i < 60; i++) {
    if (int(4) === 0) {
      watermarkMs += int(12)
      steps.push({ kind: 'watermark', watermarkMs })
    } else {
      // mostly near the watermark, some behind it
      steps.push({ kind: 'element', key: 'abc'[int(3)]!, value: i, timestampMs: Math.max(0, watermarkMs - 15 + int(35)) })
    }
  }
  steps.push({ kind: 'watermark', watermarkMs: Number.POSITIVE_INFINITY })
  return steps
}

