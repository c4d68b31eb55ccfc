import type { TimeWindow } from '../../api/windowing/time-window.js'
import type { WindowAssigner } from '../../api/windowing/window-assigner.js'
import type { Namespace } from '../../state/key.js'

/** Names a TimeWindow as a state and timer namespace, and back. */
export interface WindowNamespaceCodec {
  toNamespace(window: TimeWindow): Namespace
  toWindow(namespace: Namespace): TimeWindow
}

/**
 * Windows of one fixed length are named by their start: a number is the cheapest Map key there is,
 * and sliding windows touch size/slide namespaces per record. A window starting at 0 shares its name
 * with VOID_NAMESPACE, which is harmless: the window operator keeps no void state in the same state.
 */
class WindowStartCodec implements WindowNamespaceCodec {
  constructor(private readonly sizeMs: number) {}

  toNamespace(window: TimeWindow): Namespace {
    return window.start
  }

  toWindow(namespace: Namespace): TimeWindow {
    const start = namespace as number
    return { start, end: start + this.sizeMs }
  }
}

/** Windows of varying length (sessions) are named "start:end". */
class WindowBoundsCodec implements WindowNamespaceCodec {
  toNamespace(window: TimeWindow): Namespace {
    return windowBoundsName(window)
  }

  toWindow(namespace: Namespace): TimeWindow {
    const name = namespace as string
    // the separator is searched from index 1: the start may be negative
    const separator = name.indexOf(':', 1)
    return { start: Number(name.slice(0, separator)), end: Number(name.slice(separator + 1)) }
  }
}

/** The name of a window by both bounds ("start:end"), unique for any two different windows. */
export function windowBoundsName(window: TimeWindow): string {
  return `${window.start}:${window.end}`
}

/** The codec for the windows of an assigner: by start when all windows have one length, else by both bounds. */
export function windowNamespaceCodecFor(assigner: WindowAssigner<TimeWindow>): WindowNamespaceCodec {
  const sizeMs = assigner.windowSizeMs
  return sizeMs !== undefined && !assigner.isMerging ? new WindowStartCodec(sizeMs) : new WindowBoundsCodec()
}
