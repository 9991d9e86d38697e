/** One benchmark measurement, printed as one JSON line by the case process. */
export interface Measurement {
    case: string;
    nodes: number;
    seconds: number;
    resources?: number;
    rssMB?: number;
    /** Preview: the peak of the process tree's PSS summed (shared pages counted once). */
    pssMB?: number;
    skipped?: string;
    /** CPU seconds (user + system) the measured work used: on a shared machine steadier than wall seconds. */
    cpuSeconds?: number;
    /** Per process role (CLI, program, plugins): peak RSS and CPU seconds (preview). */
    processes?: Record<string, { rssMB: number; cpuSeconds: number; count?: number }>;
    /** Something the reader must know about this figure (e.g. bench-only checksums). */
    note?: string;
}

/** Print a measurement with the process's peak RSS. */
export function report(m: Measurement): void {
    const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(`${JSON.stringify({ ...m, rssMB: m.rssMB ?? rssMB })}\n`);
}
