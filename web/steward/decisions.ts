import { Decision, LinkEvent, ReviewTask } from './api-types';

/**
 * Which decisions make sense for a task, and which history events can be undone: rules the
 * service enforces too, mirrored here so the page offers only buttons that can succeed.
 */
export const DECISION_LABELS: Record<Decision, string> = {
  link: 'Link',
  merge: 'Merge',
  'not-a-match': 'Not a match',
  'keep-separate': 'Keep separate',
};

export const DECISION_HINTS: Record<Decision, string> = {
  link: 'Move the record into the candidate person',
  merge: 'Merge the two persons into the candidate',
  'not-a-match': 'Never link this record with the candidate again',
  'keep-separate': 'Close the task and change nothing',
};

export const DECISION_DONE: Record<Decision, string> = {
  link: 'Linked',
  merge: 'Merged',
  'not-a-match': 'Marked not a match',
  'keep-separate': 'Kept separate',
};

type TaskSides = Pick<ReviewTask, 'status' | 'record_id' | 'person_id' | 'candidate_person_id'>;

export function availableDecisions(task: TaskSides): Decision[] {
  if (task.status !== 'open') return [];
  const candidate = task.candidate_person_id;
  const out: Decision[] = [];
  if (candidate && task.record_id && task.person_id !== candidate) out.push('link');
  if (candidate && task.person_id && task.person_id !== candidate) out.push('merge');
  if (candidate && task.record_id) out.push('not-a-match');
  out.push('keep-separate');
  return out;
}

/** Event kinds the undo service knows how to invert. */
const UNDOABLE = new Set([
  'auto-link',
  'manual-link',
  'unlink',
  'merge',
  'auto-merge',
  'not-a-match',
  'pin',
]);

/** A new person is undone only when the record left another one for it (it goes back). */
export function canUndo(
  event: Pick<LinkEvent, 'kind' | 'undone_by'> & Partial<Pick<LinkEvent, 'from_person_id'>>,
): boolean {
  const invertible =
    UNDOABLE.has(event.kind) || (event.kind === 'new-person' && !!event.from_person_id);
  return invertible && (event.undone_by === null || event.undone_by === undefined);
}

const EVENT_LABELS: Record<string, string> = {
  'auto-link': 'Linked automatically',
  'manual-link': 'Linked by a steward',
  unlink: 'Unlinked',
  merge: 'Merged',
  'auto-merge': 'Merged automatically',
  'not-a-match': 'Declared not a match',
  pin: 'Value pinned',
  'new-person': 'New person',
  undo: 'Undo',
};

export function eventLabel(kind: string): string {
  return EVENT_LABELS[kind] ?? kind;
}
