/** Sliced work: long work pauses every SLICE_MS, so that requests, newer versions and cancellations are read between. */

/** The longest stretch of work between two looks at the event loop. */
export const SLICE_MS = 20;

/** The pause of one piece of sliced work, and the time it has been busy (waits not counted). */
export interface Slices {
  /** Yields to the event loop once SLICE_MS of work have passed; resolves to whether the work is still wanted. */
  readonly pause: () => Promise<boolean>;
  /** Starts the clock again, after a wait that is not work. */
  readonly restart: () => void;
  /** Milliseconds of work so far. */
  readonly busyMs: () => number;
}

/** Slices for work that goes on while `wanted()` is true. */
export function slices(wanted: () => boolean): Slices {
  let busy = 0;
  let sliceStart = performance.now();
  return {
    pause: async () => {
      const now = performance.now();
      if (now - sliceStart < SLICE_MS) return wanted();
      busy += now - sliceStart;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
      return wanted();
    },
    restart: () => {
      sliceStart = performance.now();
    },
    busyMs: () => busy + performance.now() - sliceStart,
  };
}
