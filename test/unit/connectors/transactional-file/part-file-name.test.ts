import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  committedPartName, inProgressPartName, nextPartSequence, parseHiddenPartName, recoveringPartName,
} from '../../../../src/connectors/transactional-file/part-file-name.js'

describe('part file names', () => {
  it('hides in-progress files behind a dot and reads their name back', () => {
    const name = inProgressPartName(3, 'f00d', 12)
    assert.equal(name, '.part-3-f00d-12.inprogress')
    assert.deepEqual(parseHiddenPartName(name), { subtaskIndex: 3, partId: 'f00d', sequence: 12, kind: 'in-progress' })
    assert.equal(committedPartName(3, 12), 'part-3-12.jsonl')
  })

  it('names the copy a restore commits after its in-progress file, hidden too', () => {
    const recovering = recoveringPartName(parseHiddenPartName('.part-3-f00d-12.inprogress')!)
    assert.equal(recovering, '.part-3-f00d-12.recovering')
    assert.deepEqual(parseHiddenPartName(recovering), { subtaskIndex: 3, partId: 'f00d', sequence: 12, kind: 'recovering' })
  })

  it('reads no other file as a hidden part', () => {
    for (const name of ['part-3-12.jsonl', '.part-3-12.inprogress', '.part-x-a-1.inprogress', 'notes.txt', '.part-1-a-1.inprogress.tmp', '.part-1-a-1.recovered']) {
      assert.equal(parseHiddenPartName(name), undefined, name)
    }
  })

  it('continues after the highest sequence of the subtask, committed or hidden, ignoring other subtasks', () => {
    assert.equal(nextPartSequence([], 0), 0)
    assert.equal(nextPartSequence(['part-0-4.jsonl', '.part-0-ab-7.inprogress', 'part-1-20.jsonl', '.part-10-ab-30.inprogress', 'x'], 0), 8)
    assert.equal(nextPartSequence(['part-0-4.jsonl', 'part-1-20.jsonl'], 1), 21)
    assert.equal(nextPartSequence(['part-0-4.jsonl', '.part-0-ab-9.recovering'], 0), 10)
  })
})
