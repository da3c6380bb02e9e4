import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTasks, setTaskChecked, taskLineNumbers } from './tasks';

const body = ['# Tasks', '- [ ] one', '* [x] two', '```', '- [ ] not a task', '```', '  3. [X] three', 'text [ ] no'].join('\n');

test('tasks are found in list items outside fenced code', () => {
  assert.deepEqual(taskLineNumbers(body), [1, 2, 6]);
  assert.deepEqual(countTasks(body), { numOfTasks: 3, numOfCheckedTasks: 2 });
});

test('setTaskChecked changes only the index-th task', () => {
  const ticked = setTaskChecked(body, 0, true);
  assert.equal(ticked.split('\n')[1], '- [x] one');
  assert.equal(setTaskChecked(ticked, 2, false).split('\n')[6], '  3. [ ] three');
  assert.equal(setTaskChecked(body, 9, true), body);
});
