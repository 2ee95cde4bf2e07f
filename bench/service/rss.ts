// The service process's memory as the kernel counts it (/proc/<pid>/status): VmRSS now, VmHWM its peak so far.
import fs from "node:fs";

export interface Memory {
  rssMb: number;
  peakMb: number;
}

export function memoryOf(pid: number | undefined): Memory {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+)`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** Samples VmRSS every `everyMs` until stopped; resolves to the highest seen (VmHWM holds the process's whole past). */
export function sampleRss(pid: number | undefined, everyMs = 20): { stop: () => number } {
  let highest = memoryOf(pid).rssMb;
  const timer = setInterval(() => {
    const now = memoryOf(pid).rssMb;
    if (now > highest || Number.isNaN(highest)) highest = now;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(highest, memoryOf(pid).rssMb);
    },
  };
}
