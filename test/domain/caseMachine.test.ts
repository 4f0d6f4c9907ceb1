import { describe, it, expect } from 'vitest';
import {
  ACTION_LABELS,
  STATUS_LABELS,
  TransitionRefused,
  allowedActions,
  canTake,
  nextStatus,
  type CaseAction,
  type CaseStatus,
} from '../../src/domain/caseMachine.js';

const STATUSES: CaseStatus[] = ['received', 'dispatched', 'signed', 'reported', 'reviewed', 'closed', 'merged'];
const ACTIONS: CaseAction[] = [
  'dispatch', 'sign', 'contact', 'feedback', 'return', 'requestExtension', 'decideExtension',
  'report', 'review', 'callback', 'merge', 'rate', 'thank',
];

type Table = Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>>;

// Written out by hand from the business rules; anything absent must be refused.
// review is taken with approve=true and callback with no satisfaction here.
const NO_EXTENSION: Table = {
  received: { dispatch: 'dispatched', merge: 'merged', thank: 'received' },
  dispatched: { dispatch: 'dispatched', sign: 'signed', return: 'received', merge: 'merged', thank: 'dispatched' },
  signed: {
    contact: 'signed', feedback: 'signed', return: 'received', requestExtension: 'signed',
    report: 'reported', merge: 'merged', thank: 'signed',
  },
  reported: { contact: 'reported', feedback: 'reported', review: 'reviewed', thank: 'reported' },
  reviewed: { callback: 'closed', rate: 'reviewed', thank: 'reviewed' },
  closed: { rate: 'closed', thank: 'closed' },
  merged: {},
};

const EXTENSION_PENDING: Table = {
  received: { dispatch: 'dispatched', decideExtension: 'received', merge: 'merged', thank: 'received' },
  dispatched: {
    dispatch: 'dispatched', sign: 'signed', return: 'received', decideExtension: 'dispatched',
    merge: 'merged', thank: 'dispatched',
  },
  signed: {
    contact: 'signed', feedback: 'signed', return: 'received', decideExtension: 'signed',
    merge: 'merged', thank: 'signed',
  },
  reported: { contact: 'reported', feedback: 'reported', decideExtension: 'reported', review: 'reviewed', thank: 'reported' },
  reviewed: { decideExtension: 'reviewed', callback: 'closed', rate: 'reviewed', thank: 'reviewed' },
  closed: { rate: 'closed', thank: 'closed' },
  merged: {},
};

describe('transition table (every status × action × extension flag)', () => {
  for (const [extensionPending, table] of [[false, NO_EXTENSION], [true, EXTENSION_PENDING]] as const) {
    for (const status of STATUSES) {
      for (const action of ACTIONS) {
        const expected = table[status][action];
        it(`${status}${extensionPending ? ' (extension pending)' : ''} + ${action} → ${expected ?? 'refused'}`, () => {
          const f = { status, extensionPending };
          expect(canTake(f, action)).toBe(expected !== undefined);
          expect(allowedActions(f).includes(action)).toBe(expected !== undefined);
          if (expected === undefined) {
            expect(() => nextStatus(f, action, { approve: true })).toThrow(TransitionRefused);
          } else {
            expect(nextStatus(f, action, { approve: true })).toBe(expected);
          }
        });
      }
    }
  }
});

describe('input-dependent transitions', () => {
  const reported = { status: 'reported' as const, extensionPending: false };
  const reviewed = { status: 'reviewed' as const, extensionPending: false };

  it('review: approval passes, rejection sends back for rework', () => {
    expect(nextStatus(reported, 'review', { approve: true })).toBe('reviewed');
    expect(nextStatus(reported, 'review', { approve: false })).toBe('signed');
  });

  it('review without a verdict is a programming error, not a rejection', () => {
    expect(() => nextStatus(reported, 'review')).toThrow(TypeError);
    expect(() => nextStatus(reported, 'review', {})).toThrow(TypeError);
  });

  it('callback: only an unsatisfied writer reopens the case', () => {
    expect(nextStatus(reviewed, 'callback', { satisfaction: 'satisfied' })).toBe('closed');
    expect(nextStatus(reviewed, 'callback', { satisfaction: 'basically_satisfied' })).toBe('closed');
    expect(nextStatus(reviewed, 'callback')).toBe('closed');
    expect(nextStatus(reviewed, 'callback', { satisfaction: 'unsatisfied' })).toBe('signed');
  });
});

describe('allowedActions', () => {
  it('lists actions in a stable order', () => {
    expect(allowedActions({ status: 'signed', extensionPending: false })).toEqual([
      'contact', 'feedback', 'return', 'requestExtension', 'report', 'merge', 'thank',
    ]);
    expect(allowedActions({ status: 'signed', extensionPending: true })).toEqual([
      'contact', 'feedback', 'return', 'decideExtension', 'merge', 'thank',
    ]);
    expect(allowedActions({ status: 'merged', extensionPending: true })).toEqual([]);
  });
});

describe('TransitionRefused', () => {
  function refusal(fn: () => unknown): TransitionRefused {
    try {
      fn();
    } catch (e) {
      if (e instanceof TransitionRefused) return e;
      throw e;
    }
    throw new Error('expected a refusal');
  }

  it('carries status, action and a Chinese message', () => {
    const e = refusal(() => nextStatus({ status: 'signed', extensionPending: false }, 'sign'));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('TransitionRefused');
    expect(e.status).toBe('signed');
    expect(e.action).toBe('sign');
    expect(e.message).toBe('当前状态“已签收”不允许执行“签收”');
  });

  it('explains extension-related refusals', () => {
    expect(refusal(() => nextStatus({ status: 'signed', extensionPending: true }, 'report')).message).toBe(
      '延期申请待审批，暂不允许执行“办结”',
    );
    expect(refusal(() => nextStatus({ status: 'signed', extensionPending: false }, 'decideExtension')).message).toBe(
      '没有待审批的延期申请',
    );
    expect(refusal(() => nextStatus({ status: 'closed', extensionPending: true }, 'decideExtension')).message).toBe(
      '当前状态“已回访归档”不允许执行“审批延期”',
    );
  });
});

describe('labels', () => {
  it('names every status and action in both languages', () => {
    expect(STATUS_LABELS).toEqual({
      received: { zh: '已受理', en: 'Received' },
      dispatched: { zh: '已派单', en: 'Dispatched' },
      signed: { zh: '已签收', en: 'Signed' },
      reported: { zh: '已办结', en: 'Reported' },
      reviewed: { zh: '审核通过', en: 'Reviewed' },
      closed: { zh: '已回访归档', en: 'Closed' },
      merged: { zh: '已并案', en: 'Merged' },
    });
    expect(ACTIONS.map((a) => ACTION_LABELS[a].zh)).toEqual([
      '派单', '签收', '联系来信人', '反馈', '退单', '申请延期', '审批延期', '办结', '审核', '回访', '并案', '评价', '感谢信',
    ]);
    for (const a of ACTIONS) expect(ACTION_LABELS[a].en.length).toBeGreaterThan(0);
  });
});
