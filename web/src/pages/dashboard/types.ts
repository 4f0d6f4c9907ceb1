// Shapes of the /api/stats answers the dashboard reads.
export type Rate = number | null;
export type LimitKind = 'sign' | 'contact' | 'firstFeedback' | 'close' | 'callback';
export const LIMIT_KINDS: LimitKind[] = ['sign', 'contact', 'firstFeedback', 'close', 'callback'];

export interface Overview {
  received: number; solved: number; thanks: number;
  responseRate: Rate; resolutionRate: Rate; satisfactionRate: Rate;
  returnRate: Rate; redoRate: Rate; validCallbacks: number;
  unit: string | null;
  sla: Record<LimitKind, Rate>;
}

export interface BreakdownRow {
  key: string | null; name: string;
  received: number; solved: number;
  responseRate: Rate; resolutionRate: Rate; satisfactionRate: Rate;
}

export interface UnitRankRow {
  unitCode: string; unitName: string; received: number;
  responseRate: Rate; resolutionRate: Rate; satisfactionRate: Rate;
  validCallbacks: number; score: number | null; rank: number | null;
  /** The month's average reply-check score (0..1) of the unit's feedback and reports; null when it sent none. */
  replyScore?: number | null;
}

export type Granularity = 'day' | 'week';
