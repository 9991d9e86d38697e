/** Helpers over recorded mock inputs: secrets arrive as the engine's secret envelope. */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** True when a recorded input value is a secret envelope. */
export function isSecretInput(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG] === SECRET_SIG;
}

/** The value inside a secret envelope (or the value itself). */
export function plain<T = unknown>(v: unknown): T {
    return (isSecretInput(v) ? (v as Record<string, unknown>).value : v) as T;
}
