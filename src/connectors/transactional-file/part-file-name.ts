// Names of the part files of a TransactionalFileSink. Pure: no file system access.
//   in progress or pre-committed (hidden): .part-<subtask>-<partId>-<sequence>.inprogress
//   being recovered at a restore (hidden): .part-<subtask>-<partId>-<sequence>.recovering
//   committed (visible):                   part-<subtask>-<sequence>.jsonl
// The sequence counts the part files of one subtask index over all attempts and runs; the part id
// tells apart the in-progress files of different attempts that picked the same sequence.

const HIDDEN = /^\.part-(\d+)-([0-9A-Za-z]+)-(\d+)\.(inprogress|recovering)$/
const COMMITTED = /^part-(\d+)-(\d+)\.jsonl$/

/** What the name of a hidden part file says. */
export interface HiddenPartName {
  readonly subtaskIndex: number
  readonly partId: string
  readonly sequence: number
  /** Written by a writer (and pre-committed once sealed), or a copy a restore is committing. */
  readonly kind: 'in-progress' | 'recovering'
}

/** Whether a part id can be part of a file name that parsing reads back. */
export function isValidPartId(partId: string): boolean {
  return /^[0-9A-Za-z]+$/.test(partId)
}

/** The hidden name of a part file while it is written and until it is committed. */
export function inProgressPartName(subtaskIndex: number, partId: string, sequence: number): string {
  return `.part-${subtaskIndex}-${partId}-${sequence}.inprogress`
}

/**
 * The hidden name of the copy a restore makes of an in-progress part file's recorded prefix, before renaming it to
 * the committed name; one per in-progress file, so a restore that is cut off and retried overwrites it.
 */
export function recoveringPartName(inProgress: HiddenPartName): string {
  return `.part-${inProgress.subtaskIndex}-${inProgress.partId}-${inProgress.sequence}.recovering`
}

/** The visible name a part file gets when it is committed. */
export function committedPartName(subtaskIndex: number, sequence: number): string {
  return `part-${subtaskIndex}-${sequence}.jsonl`
}

/** Reads a hidden part file name (in progress or recovering); undefined for any other file. */
export function parseHiddenPartName(fileName: string): HiddenPartName | undefined {
  const match = HIDDEN.exec(fileName)
  if (match === null) return undefined
  return {
    subtaskIndex: Number(match[1]), partId: match[2]!, sequence: Number(match[3]),
    kind: match[4] === 'inprogress' ? 'in-progress' : 'recovering',
  }
}

/**
 * The first sequence a new writer of `subtaskIndex` may use: one past every sequence of that subtask
 * index in the directory, committed or not, so a committed name is never chosen twice.
 */
export function nextPartSequence(fileNames: readonly string[], subtaskIndex: number): number {
  let next = 0
  for (const fileName of fileNames) {
    const sequence = sequenceOf(fileName, subtaskIndex)
    if (sequence !== undefined) next = Math.max(next, sequence + 1)
  }
  return next
}

function sequenceOf(fileName: string, subtaskIndex: number): number | undefined {
  const hidden = parseHiddenPartName(fileName)
  if (hidden !== undefined) return hidden.subtaskIndex === subtaskIndex ? hidden.sequence : undefined
  const committed = COMMITTED.exec(fileName)
  return committed !== null && Number(committed[1]) === subtaskIndex ? Number(committed[2]) : undefined
}
