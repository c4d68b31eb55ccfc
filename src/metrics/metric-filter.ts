import { METRIC_TYPES, type MetricType } from './metric.js'

/** One parsed filter `<scope>[:<name>[,<name>][:<type>[,<type>]]]`. */
interface FilterSpec {
  readonly scope: RegExp
  readonly name: RegExp
  readonly types: ReadonlySet<MetricType>
}

/** Why a filter string is invalid; the caller names the configuration key. */
export class InvalidMetricFilter {
  constructor(readonly filter: string, readonly reason: string) {}
}

/**
 * Decides which metrics a reporter reports (Flink's DefaultMetricFilter): a metric passes when it matches one of
 * the includes and none of the excludes. Scopes are logical scopes joined by '.', `*` matches any characters;
 * names are alternatives separated by ','; types are counter, meter, gauge, histogram.
 */
export class MetricFilter {
  readonly #includes: readonly FilterSpec[]
  readonly #excludes: readonly FilterSpec[]

  private constructor(includes: readonly FilterSpec[], excludes: readonly FilterSpec[]) {
    this.#includes = includes
    this.#excludes = excludes
  }

  /** Parses includes and excludes; returns the first invalid filter instead of throwing. */
  static parse(includes: readonly string[], excludes: readonly string[]): MetricFilter | InvalidMetricFilter {
    const parsedIncludes: FilterSpec[] = []
    const parsedExcludes: FilterSpec[] = []
    for (const [filters, into] of [[includes, parsedIncludes], [excludes, parsedExcludes]] as const) {
      for (const filter of filters) {
        const spec = parseFilter(filter)
        if (spec instanceof InvalidMetricFilter) return spec
        into.push(spec)
      }
    }
    return new MetricFilter(parsedIncludes, parsedExcludes)
  }

  /** A filter that lets every metric pass (Flink's default `*:*:*`). */
  static readonly ALL = new MetricFilter([{ scope: /^.*$/, name: /^.*$/, types: new Set(METRIC_TYPES) }], [])

  /** Whether a metric of this type, name and logical scope ('taskmanager.job.task') is reported. */
  accepts(logicalScope: string, name: string, type: MetricType): boolean {
    const matches = (spec: FilterSpec): boolean => spec.types.has(type) && spec.scope.test(logicalScope) && spec.name.test(name)
    return this.#includes.some(matches) && !this.#excludes.some(matches)
  }
}

function parseFilter(filter: string): FilterSpec | InvalidMetricFilter {
  const parts = filter.split(':')
  if (parts.length > 3) return new InvalidMetricFilter(filter, 'it has more than three parts separated by \':\'')
  const [scope = '', names, types] = parts
  const typeSet = new Set<MetricType>()
  if (types === undefined) {
    for (const type of METRIC_TYPES) typeSet.add(type)
  } else {
    for (const raw of types.split(',')) {
      const type = raw.trim().toLowerCase()
      if (type === '*') for (const t of METRIC_TYPES) typeSet.add(t)
      else if ((METRIC_TYPES as readonly string[]).includes(type)) typeSet.add(type as MetricType)
      else return new InvalidMetricFilter(filter, `'${raw}' is not a metric type (counter, meter, gauge, histogram)`)
    }
  }
  return {
    scope: wholeMatch(wildcardToRegex(scope)),
    name: wholeMatch(names === undefined ? '.*' : names.split(',').map(wildcardToRegex).join('|')),
    types: typeSet,
  }
}

// Flink: '.' is literal, '*' matches anything; everything else is taken literally here (Flink leaves other regex
// characters active, which no documented filter relies on)
function wildcardToRegex(pattern: string): string {
  return pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
}

function wholeMatch(alternatives: string): RegExp {
  return new RegExp(`^(?:${alternatives})$`)
}
