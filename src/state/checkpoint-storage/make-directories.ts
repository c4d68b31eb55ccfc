import { mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Creates `dir` and its missing parents. Node's `mkdir(dir, { recursive: true })` spins forever where a parent exists
 * but answers ENOENT for any new name (procfs, sysfs: `/proc/x`), and its promise never settles; here a second ENOENT
 * once the parent exists is final.
 */
export async function makeDirectories(dir: string): Promise<void> {
  try {
    await mkdir(dir)
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error
  }
  await makeDirectories(dirname(dir))
  try {
    await mkdir(dir)
  } catch (error) {
    // created meanwhile by someone else (another job under the same directory)
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(dir)).isDirectory()) throw error
  }
}
