/** Whether text holds no lone surrogates, so that UTF-8 can carry it unchanged. */
export function isWellFormed(text: string): boolean {
  // String.prototype.isWellFormed is ES2024 (Node 20 has it); the project's lib is ES2023
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed()
}
