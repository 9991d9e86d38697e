/**
 * Reading a stack or spec file without trusting the path: only a regular file is read (a FIFO
 * would block `validate` forever, `/dev/zero` would grow without bound), and only up to a cap.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The largest stack or spec file read: far above a 5000-node inventory. @default 8 MiB */
export const MAX_SPEC_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The largest `continuum:specFile` read: a fleet's inventory lives there, ~270 bytes a node
 * (a 100,000-node fleet is ~26 MB, bench/README.md). @default 64 MiB
 */
export const MAX_INVENTORY_FILE_BYTES = 64 * 1024 * 1024;

/** Why a file could not be read: a sentence that names what to do (the caller adds the file). */
export class BoundedReadError extends Error {
    constructor(readonly reason: string) {
        super(reason);
        this.name = "BoundedReadError";
    }
}

/** The UTF-8 text of a regular file of at most `maxBytes`; anything else is a BoundedReadError. */
export function readBoundedText(file: string, maxBytes: number = MAX_SPEC_FILE_BYTES): string {
    let fd: number;
    try {
        // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
        fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (e) {
        throw new BoundedReadError(
            `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)}) — check the path`,
        );
    }
    try {
        const st = fstatSync(fd);
        if (!st.isFile()) {
            const kind = st.isDirectory()
                ? "a directory"
                : st.isFIFO()
                  ? "a FIFO"
                  : st.isCharacterDevice() || st.isBlockDevice()
                    ? "a device"
                    : st.isSocket()
                      ? "a socket"
                      : "not a regular file";
            throw new BoundedReadError(`is ${kind}, not a regular file — name the YAML file itself`);
        }
        if (st.size > maxBytes) throw new BoundedReadError(tooLarge(st.size, maxBytes));
        const chunks: Buffer[] = [];
        let length = 0;
        for (;;) {
            const chunk = Buffer.alloc(64 * 1024);
            const n = readSync(fd, chunk, 0, chunk.length, null);
            if (n === 0) break;
            chunks.push(chunk.subarray(0, n));
            length += n;
            if (length > maxBytes) throw new BoundedReadError(tooLarge(length, maxBytes));
        }
        return Buffer.concat(chunks).toString("utf8");
    } finally {
        closeSync(fd);
    }
}

function tooLarge(bytes: number, max: number): string {
    return (
        `is larger than ${max / (1024 * 1024)} MiB (${bytes} bytes or ` +
        `more) — a continuum spec is far smaller; check that this is the right file`
    );
}
