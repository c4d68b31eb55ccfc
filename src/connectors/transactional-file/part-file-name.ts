// Names of the part files of a TransactionalFileSink. Pure: no file system access.
//   in progress or pre-committed (hidden): .part-<subtask>-<partId>-<sequence>.inprogress
//   committed (visible):                   part-<subtask>-<sequence>.jsonl
// The sequence counts the part files of one subtask index over all attempts and runs; the part id
// tells apart the in-progress files of different attempts that picked the same sequence.

const IN_PROGRESS = /^\.part-(\d+)-([0-9A-Za-z]+)-(\d+)\.inprogress$/
const COMMITTED = /^part-(\d+)-(\d+)\.jsonl$/

/** What the name of an in-progress part file says. */
export interface InProgressPartName {
  readonly subtaskIndex: number
  readonly partId: string
  readonly sequence: number
}

/** Whether a part id can be part of a file name that parsing reads back. */
export function isValidPartId(partId: string): boolean {
  return /^[0-9A-Za-z]+$/.test(partId)
}

/** The hidden name of a part file while it is written and until it is committed. */
export function inProgressPartName(subtaskIndex: number, partId: string, sequence: number): string {
  return `.part-${subtaskIndex}-${partId}-${sequence}.inprogress`
}

/** The visible name a part file gets when it is committed. */
export function committedPartName(subtaskIndex: number, sequence: number): string {
  return `part-${subtaskIndex}-${sequence}.jsonl`
}

/** Reads an in-progress part file name; undefined for any other file. */
export function parseInProgressPartName(fileName: string): InProgressPartName | undefined {
  const match = IN_PROGRESS.exec(fileName)
  if (match === null) return undefined
  return { subtaskIndex: Number(match[1]), partId: match[2]!, sequence: Number(match[3]) }
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
  const inProgress = parseInProgressPartName(fileName)
  if (inProgress !== undefined) return inProgress.subtaskIndex === subtaskIndex ? inProgress.sequence : undefined
  const committed = COMMITTED.exec(fileName)
  return committed !== null && Number(committed[1]) === subtaskIndex ? Number(committed[2]) : undefined
}
