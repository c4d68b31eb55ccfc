export type { SubtaskCheckpointStats } from '../../protocol/messages.js'

/** The key of a subtask in maps: `<vertexId>#<subtaskIndex>`. */
export function subtaskKeyString(subtask: { readonly vertexId: string; readonly subtaskIndex: number }): string {
  return `${subtask.vertexId}#${subtask.subtaskIndex}`
}
