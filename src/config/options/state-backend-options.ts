import { enumOption } from '../config-option.js'

/** The keyed state backends Sluice implements. */
export const STATE_BACKEND_TYPES = ['hashmap', 'rocksdb'] as const
/** A keyed state backend Sluice implements. */
export type StateBackendType = typeof STATE_BACKEND_TYPES[number]

/** `state.backend.type`: where keyed state lives. */
export const STATE_BACKEND = enumOption('state.backend.type', STATE_BACKEND_TYPES, 'hashmap',
  "Keyed state backend: 'hashmap' keeps state as objects on the heap, 'rocksdb' in an embedded RocksDB on local disk.")
  .withDeprecatedKeys('state.backend')
