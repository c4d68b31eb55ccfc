import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { ScopeFormat, scopeFormatsFrom } from '../../../src/metrics/scope-format.js'

const variables = new Map([['<host>', 'h1'], ['<tm_id>', 'sluice-tm-0'], ['<job_name>', 'My Job'], ['<task_name>', 'Map'], ['<subtask_index>', '3']])

describe('ScopeFormat', () => {
  it('replaces whole <variable> components and keeps literal ones', () => {
    assert.deepEqual(new ScopeFormat('<host>.taskmanager.<tm_id>.<job_name>.<task_name>.<subtask_index>').bind(variables),
      ['h1', 'taskmanager', 'sluice-tm-0', 'My Job', 'Map', '3'])
  })

  it('keeps a variable it does not know as written', () => {
    assert.deepEqual(new ScopeFormat('<host>.<operator_name>').bind(variables), ['h1', '<operator_name>'])
  })

  it("expands a leading '*' to the parent group's scope", () => {
    assert.deepEqual(new ScopeFormat('*.<task_name>').bind(variables, ['h1', 'taskmanager']), ['h1', 'taskmanager', 'Map'])
  })
})

describe('scopeFormatsFrom', () => {
  it("uses Flink's defaults when nothing is configured", () => {
    const formats = scopeFormatsFrom(Configuration.empty(configRegistry))
    assert.equal(formats.jobManager.format, '<host>.jobmanager')
    assert.equal(formats.jobManagerJob.format, '<host>.jobmanager.<job_name>')
    assert.equal(formats.taskManager.format, '<host>.taskmanager.<tm_id>')
    assert.equal(formats.taskManagerJob.format, '<host>.taskmanager.<tm_id>.<job_name>')
    assert.equal(formats.task.format, '<host>.taskmanager.<tm_id>.<job_name>.<task_name>.<subtask_index>')
    assert.equal(formats.operator.format, '<host>.taskmanager.<tm_id>.<job_name>.<operator_name>.<subtask_index>')
  })

  it("reads metrics.scope.* and Flink's deprecated metrics.scope.tm.job", () => {
    const configuration = Configuration.fromEntries([
      { key: 'metrics.scope.task', value: 'flink.<job_name>.<task_name>', origin: '-D' },
      { key: 'metrics.scope.tm.job', value: 'old.<job_name>', origin: '-D' },
    ], configRegistry)
    const formats = scopeFormatsFrom(configuration)
    assert.equal(formats.task.format, 'flink.<job_name>.<task_name>')
    assert.equal(formats.taskManagerJob.format, 'old.<job_name>')
  })
})
