/**
 * A general check that no secret leaks out of a stack: every value the decrypted state holds as a
 * secret (tokens, keys, passwords, kubeconfigs, the stdin of every command) is looked for in what
 * Pulumi keeps or shows in plain text — the stored state (command outputs that are not secret) and
 * the engine's event stream of an `up` (the log lines of every command whose logging is on). A host
 * script that prints a token, a stand-in that echoes its argv, a command whose output is not
 * secret: each is caught by the value, not by knowing which script or resource to look at.
 */
import { SECRET_SIG } from "./pulumi-stack";

/** Values shorter than this are not looked for (ports, booleans, small numbers in secret objects). */
const MIN_LENGTH = 12;

/** Keys of a secret object whose string values are credentials (a secret connection's privateKey, password). */
const CREDENTIAL_KEY = /(private|client|signing)[-_]?key|^key$|token|passw|secret|kubeconfig/i;

/**
 * The credential strings of a secret value: the whole value when it is a string; inside an object
 * that became secret as a whole (a connection with a secret key in it), the strings under
 * credential-like keys only — its host and host key are public and appear elsewhere by design.
 */
function credentialsOf(v: unknown, out: string[], key = ""): void {
    if (typeof v === "string") {
        if (key === "" || CREDENTIAL_KEY.test(key)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => credentialsOf(x, out, key));
    else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) credentialsOf(x, out, CREDENTIAL_KEY.test(key) ? key : k);
    }
}

/** Every secret value of a `pulumi stack export --show-secrets` (see credentialsOf). */
export function secretValues(decryptedExport: string): string[] {
    const found = new Set<string>();
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (SECRET_SIG in o && typeof o.plaintext === "string") {
                const inner: string[] = [];
                credentialsOf(JSON.parse(o.plaintext), inner);
                for (const s of inner) if (s.trim().length >= MIN_LENGTH) found.add(s.trim());
                return;
            }
            Object.values(o).forEach(walk);
        }
    };
    walk(JSON.parse(decryptedExport));
    return [...found];
}

/**
 * Where a secret appears in plain text: `<place>: <secret's first 4 characters>… (<length> chars)`
 * for each secret found in each place (places: name → text, e.g. the stored state, an up's events).
 */
export function secretLeaks(secrets: string[], places: Record<string, string>): string[] {
    const leaks: string[] = [];
    for (const [place, text] of Object.entries(places)) {
        for (const s of secrets) {
            // In JSON text (state, events) a value with newlines or quotes is written escaped.
            if (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1))) leaks.push(`${place}: ${s.slice(0, 4)}… (${s.length} chars)`);
        }
    }
    return leaks;
}
