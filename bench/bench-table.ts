/**
 * Bench-only checksums. The version table leaves `keadm` and `wasmedgeShim` without a verified
 * sha256 (upstream publishes none), so the spec refuses KubeEdge nodes and WasmEdge on real hosts
 * and the components refuse to declare their installs. The fleet benchmark needs both to model a
 * real fleet, so it fills the empty checksums with BENCH_ONLY_SHA256 — a made-up value that can
 * never match a real file. Only the bench processes do this (mocks and `pulumi preview`, which
 * push nothing); the printed measurements say so (`note`).
 */
import type { VersionTable } from "../components/versions";
import { VERSION_TABLE } from "../components/version-table";

/** A made-up checksum ("bench" in hex, repeated): no real artifact has it. */
export const BENCH_ONLY_SHA256 = "bece".repeat(16);

/** The artifacts that have no verified sha256 in the table. */
export const UNVERIFIED_ARTIFACTS = ["keadm", "wasmedgeShim"] as const;

/** What every fleet measurement prints about the checksums. */
export const BENCH_TABLE_NOTE =
    `keadm and wasmedgeShim carry the bench-only ` +
    `sha256 ${BENCH_ONLY_SHA256.slice(0, 12)}… (no verified upstream checksum is pinned)`;

function fill(table: VersionTable): VersionTable {
    for (const name of UNVERIFIED_ARTIFACTS) {
        for (const f of Object.values(table.hostArtifacts[name].files)) {
            if (f && f.sha256 === undefined && f.sha512 === undefined) f.sha256 = BENCH_ONLY_SHA256;
        }
    }
    return table;
}

/** A copy of the version table with the bench-only checksums (for `parseSpec(raw, { versions })`). */
export function benchVersionTable(): VersionTable {
    return fill(JSON.parse(JSON.stringify(VERSION_TABLE)) as VersionTable);
}

/**
 * Fill the bench-only checksums into this process's VERSION_TABLE (components read it directly).
 * Call in a bench process only, before constructing anything.
 */
export function useBenchChecksumsInThisProcess(): void {
    fill(VERSION_TABLE);
}
