// The case lifecycle as a pure state machine: which actions a case in a given
// state accepts and where each action leads. Persistence and permissions live
// elsewhere; this only answers "is this move legal, and what comes next".

export type CaseStatus = 'received' | 'dispatched' | 'signed' | 'reported' | 'reviewed' | 'closed' | 'merged';
export type CaseAction =
  | 'dispatch'
  | 'sign'
  | 'contact'
  | 'feedback'
  | 'return'
  | 'requestExtension'
  | 'decideExtension'
  | 'report'
  | 'review'
  | 'callback'
  | 'merge'
  | 'rate'
  | 'thank';

export interface CaseFacts {
  status: CaseStatus;
  extensionPending: boolean;
}

export const CASE_STATUSES: readonly CaseStatus[] = [
  'received',
  'dispatched',
  'signed',
  'reported',
  'reviewed',
  'closed',
  'merged',
];

export const CASE_ACTIONS: readonly CaseAction[] = [
  'dispatch',
  'sign',
  'contact',
  'feedback',
  'return',
  'requestExtension',
  'decideExtension',
  'report',
  'review',
  'callback',
  'merge',
  'rate',
  'thank',
];

export const STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  signed: { zh: '已签收', en: 'Signed' },
  reported: { zh: '已办结', en: 'Reported' },
  reviewed: { zh: '审核通过', en: 'Reviewed' },
  closed: { zh: '已回访归档', en: 'Closed' },
  merged: { zh: '已并案', en: 'Merged' },
};

export const ACTION_LABELS: Record<CaseAction, { zh: string; en: string }> = {
  dispatch: { zh: '派单', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign' },
  contact: { zh: '联系来信人', en: 'Contact writer' },
  feedback: { zh: '反馈', en: 'Feedback' },
  return: { zh: '退单', en: 'Return' },
  requestExtension: { zh: '申请延期', en: 'Request extension' },
  decideExtension: { zh: '审批延期', en: 'Decide extension' },
  report: { zh: '办结', en: 'Report' },
  review: { zh: '审核', en: 'Review' },
  callback: { zh: '回访', en: 'Callback' },
  merge: { zh: '并案', en: 'Merge' },
  rate: { zh: '评价', en: 'Rate' },
  thank: { zh: '感谢信', en: 'Thank-you letter' },
};

export class TransitionRefused extends Error {
  readonly status: CaseStatus;
  readonly action: CaseAction;
  constructor(status: CaseStatus, action: CaseAction, message?: string) {
    super(message ?? `当前状态“${STATUS_LABELS[status].zh}”不允许执行“${ACTION_LABELS[action].zh}”`);
    this.name = 'TransitionRefused';
    this.status = status;
    this.action = action;
  }
}

const ANY_BUT_MERGED = CASE_STATUSES.filter((s) => s !== 'merged');

/** Statuses in which each action may be taken, ignoring the extension flag. */
const FROM: Record<CaseAction, readonly CaseStatus[]> = {
  // Re-dispatch before signing lets the centre correct a wrong assignee.
  dispatch: ['received', 'dispatched'],
  sign: ['dispatched'],
  contact: ['signed', 'reported'],
  feedback: ['signed', 'reported'],
  return: ['dispatched', 'signed'],
  requestExtension: ['signed'],
  decideExtension: CASE_STATUSES.filter((s) => s !== 'merged' && s !== 'closed'),
  report: ['signed'],
  review: ['reported'],
  callback: ['reviewed'],
  merge: ['received', 'dispatched', 'signed'],
  rate: ['reviewed', 'closed'],
  thank: ANY_BUT_MERGED,
};

/** Why an action is refused (undefined = the default status message), or null when allowed. */
function refusal(f: CaseFacts, a: CaseAction): { message?: string } | null {
  if (!FROM[a].includes(f.status)) return {};
  if (a === 'decideExtension' && !f.extensionPending) return { message: '没有待审批的延期申请' };
  // The deadline is undecided while an extension waits, so neither a second
  // request nor reporting against the old deadline makes sense.
  if ((a === 'requestExtension' || a === 'report') && f.extensionPending) {
    return { message: `延期申请待审批，暂不允许执行“${ACTION_LABELS[a].zh}”` };
  }
  return null;
}

export function canTake(f: CaseFacts, a: CaseAction): boolean {
  return refusal(f, a) === null;
}

export function allowedActions(f: CaseFacts): CaseAction[] {
  return CASE_ACTIONS.filter((a) => canTake(f, a));
}

export function nextStatus(
  f: CaseFacts,
  a: CaseAction,
  input?: { approve?: boolean; satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied' },
): CaseStatus {
  const why = refusal(f, a);
  if (why !== null) throw new TransitionRefused(f.status, a, why.message);
  switch (a) {
    case 'dispatch':
      return 'dispatched';
    case 'sign':
      return 'signed';
    case 'return':
      return 'received';
    case 'report':
      return 'reported';
    case 'merge':
      return 'merged';
    case 'review':
      // Explicit, so a caller that forgets the verdict cannot send a case back.
      if (typeof input?.approve !== 'boolean') throw new TypeError('review requires input.approve (boolean)');
      return input.approve ? 'reviewed' : 'signed';
    case 'callback':
      // An unsatisfied writer reopens the case for rework (重办).
      return input?.satisfaction === 'unsatisfied' ? 'signed' : 'closed';
    default:
      return f.status;
  }
}
