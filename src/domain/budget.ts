/** What one invocation may still spend: subrequests, and wall time up to a deadline. */
export type Budget = {
  /**
   * Reserves `subrequests` if they fit and the deadline has not passed;
   * after the first refusal every later call refuses too, so a run stops
   * between whole steps instead of squeezing in smaller ones.
   */
  take(subrequests: number): boolean;
  readonly exhausted: boolean;
  /** subrequests reserved so far */
  readonly spent: number;
};

/** A budget of `subrequests` and `wallMs` from now, on `clock` (milliseconds; injectable for tests). */
export function createBudget(limits: { subrequests: number; wallMs: number }, clock: () => number = Date.now): Budget {
  const deadline = clock() + limits.wallMs;
  let spent = 0;
  let exhausted = false;
  return {
    take(subrequests) {
      if (!exhausted && (spent + subrequests > limits.subrequests || clock() >= deadline)) exhausted = true;
      if (exhausted) return false;
      spent += subrequests;
      return true;
    },
    get exhausted() {
      return exhausted;
    },
    get spent() {
      return spent;
    },
  };
}
