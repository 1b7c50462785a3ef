import type { StepDef, StepResult } from '@docpal/kernel'

export type { StepResult }

/** A step as the interpreter sees it (the stored definition's shape). */
export type StepPlan = StepDef

/** What the interpreter needs of a run, read once by an activity (so its replay is deterministic). */
export interface RunPlan {
  readonly trigger: unknown
  readonly steps: ReadonlyArray<StepPlan>
  /** Steps completed before this workflow started (a run taken over from the embedded runner). */
  readonly done: Readonly<Record<string, StepResult>>
  /** Each action type's retry policy and timeout, as its plugin declares them. */
  readonly policies: Readonly<Record<string, { attempts: number; backoffMs: number; maxBackoffMs: number; timeoutMs: number }>>
}

/** The activities the interpreter calls (activities.ts implements them over the kernel). */
export interface DocpalActivities {
  readonly loadRun: (runId: string) => Promise<RunPlan>
  readonly runStep: (input: {
    runId: string
    path: string
    step: StepPlan
    vars: { trigger: unknown; steps: Record<string, unknown>; loop?: Record<string, unknown> }
  }) => Promise<StepResult>
  /** Histories from before waitOver: completes a waiting step. */
  readonly stepOutcome: (runId: string, path: string) => Promise<StepResult>
  /** Whether a waiting step's wait is over (with its result), or when to look again. */
  readonly waitOver: (runId: string, path: string) => Promise<{ over: true; result: StepResult } | { over: false; until: string | null }>
  readonly finishRun: (runId: string, status: 'completed' | 'failed', error: Record<string, unknown> | null) => Promise<void>
}
