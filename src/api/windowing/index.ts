/** The public windowing API: assigners and window functions (re-exported by src/index.ts). */
export type { WindowAssigner, MergingWindowAssigner, WindowAssignerContext } from './window-assigner.js'
export type { ProcessWindowFunction, ProcessWindowContext } from './process-window-function.js'
export { TumblingEventTimeWindows } from './tumbling-event-time-windows.js'
export { SlidingEventTimeWindows } from './sliding-event-time-windows.js'
export { EventTimeSessionWindows } from './event-time-session-windows.js'
export { TumblingProcessingTimeWindows } from './tumbling-processing-time-windows.js'
export { SlidingProcessingTimeWindows } from './sliding-processing-time-windows.js'
export { ProcessingTimeSessionWindows } from './processing-time-session-windows.js'
