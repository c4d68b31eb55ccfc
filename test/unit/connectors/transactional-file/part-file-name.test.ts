import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  committedPartName, inProgressPartName, nextPartSequence, parseInProgressPartName,
} from '../../../../src/connectors/transactional-file/part-file-name.js'

describe('part file names', () => {
  it('hides in-progress files behind a dot and reads their name back', () => {
    const name = inProgressPartName(3, 'f00d', 12)
    assert.equal(name, '.part-3-f00d-12.inprogress')
    assert.deepEqual(parseInProgressPartName(name), { subtaskIndex: 3, partId: 'f00d', sequence: 12 })
    assert.equal(committedPartName(3, 12), 'part-3-12.jsonl')
  })

  it('reads no other file as an in-progress part', () => {
    for (const name of ['part-3-12.jsonl', '.part-3-12.inprogress', '.part-x-a-1.inprogress', 'notes.txt', '.part-1-a-1.inprogress.tmp']) {
      assert.equal(parseInProgressPartName(name), undefined, name)
    }
  })

  it('continues after the highest sequence of the subtask, committed or hidden, ignoring other subtasks', () => {
    assert.equal(nextPartSequence([], 0), 0)
    assert.equal(nextPartSequence(['part-0-4.jsonl', '.part-0-ab-7.inprogress', 'part-1-20.jsonl', '.part-10-ab-30.inprogress', 'x'], 0), 8)
    assert.equal(nextPartSequence(['part-0-4.jsonl', 'part-1-20.jsonl'], 1), 21)
  })
})
