/** The ports of a Flink port range such as `9249`, `9250-9260` or `9250,9300-9310`, in order. */
export function portsOf(range: string): readonly number[] {
  const ports: number[] = []
  for (const part of range.split(',')) {
    const [from, to = from] = part.split('-').map((p) => Number(p.trim()))
    if (from === undefined || to === undefined) continue
    for (let port = from; port <= to; port++) ports.push(port)
  }
  return ports
}
