/** One benchmark measurement, printed as one JSON line by the case process. */
export interface Measurement {
    case: string;
    nodes: number;
    seconds: number;
    resources?: number;
    rssMB?: number;
    skipped?: string;
    /** Something the reader must know about this figure (e.g. bench-only checksums). */
    note?: string;
}

/** Print a measurement with the process's peak RSS. */
export function report(m: Measurement): void {
    const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(`${JSON.stringify({ ...m, rssMB: m.rssMB ?? rssMB })}\n`);
}
