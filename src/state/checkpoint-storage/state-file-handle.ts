/**
 * Where one state file of a checkpoint lives and how to verify it. Plain data: it travels from a worker to the
 * coordinator inside an acknowledgement and is stored in `_metadata`.
 */
export interface StateFileHandle {
  /** Name relative to the checkpoint (or savepoint) directory, so a savepoint directory can be moved as a whole. */
  readonly fileName: string
  /** Size of the file on disk (after compression), in bytes. */
  readonly sizeBytes: number
  /** `sha256:<64 hex>` of the bytes on disk (after compression). */
  readonly checksum: string
  /** Whether the bytes on disk are snappy-compressed and must be uncompressed on restore. */
  readonly isCompressed: boolean
}
