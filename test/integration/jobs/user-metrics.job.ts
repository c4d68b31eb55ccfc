// A map that registers one user metric of each kind (Flink's metric API) and a blackhole sink.
// Job args: --events N
import { BlackholeSink, DataGeneratorSource, defineJob, type Counter, type Histogram, type Meter, type RuntimeContext } from '../../../src/index.js'

class MeasuredMap {
  seen!: Counter
  rate!: Meter
  values!: Histogram
  last = 0

  open(context: RuntimeContext): void {
    const quality = context.getMetricGroup().addGroup('quality')
    this.seen = quality.counter('seen')
    this.rate = quality.meter('seenPerSecond')
    this.values = quality.histogram('value', 16)
    quality.gauge('lastValue', () => this.last)
    context.getMetricGroup().gauge('broken', () => { throw new Error('a gauge that fails must not fail the job') })
  }

  map(value: { id: number }): { id: number } {
    this.seen.inc()
    this.rate.markEvent()
    this.values.update(value.id % 100)
    this.last = value.id
    return value
  }
}

export default defineJob((env, args) => {
  const events = Number(args[args.indexOf('--events') + 1] ?? 10_000)
  env.fromSource(new DataGeneratorSource((i) => ({ id: i }), events), undefined, 'Generator')
    .map(new MeasuredMap()).name('Measured')
    .sinkTo(new BlackholeSink(), 'Blackhole')
})
