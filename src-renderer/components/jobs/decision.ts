// An operator decision on a job (R19): what DecisionDialog shows and runs, as JobActionsBar offers it.
export interface Decision {
  title: string;
  /** What will happen, in plain words. */
  consequence: string;
  /** Instructions the operator must follow first (a manual action). */
  instructions?: string;
  confirmLabel: string;
  destructive?: boolean;
  noteLabel?: string;
  noteRequired?: boolean;
  /** One answer the operator must pick (no default: a verdict is a judgement, not a click through). */
  choice?: { legend: string; options: { value: string; label: string; description: string }[] };
  run: (note: string, choice?: string) => Promise<void>;
}
