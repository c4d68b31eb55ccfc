/** One raw `key = value` setting as written by the user, with where it was written (e.g. "-D", "config.yaml:12"). */
export interface ConfigEntry {
  readonly key: string
  readonly value: string
  readonly origin: string
}
