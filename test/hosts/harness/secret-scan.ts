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
    if (v && typeof v === "object" && SECRET_SIG in v) {
        // A secret inside a secret: its value, not its signature.
        const o = v as Record<string, unknown>;
        if (typeof o.plaintext === "string") credentialsOf(JSON.parse(o.plaintext), out, key);
        return;
    }
    if (typeof v === "string") {
        if (key === "" || CREDENTIAL_KEY.test(key)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => credentialsOf(x, out, key));
    else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v as Record<string, unknown>))
            credentialsOf(x, out, CREDENTIAL_KEY.test(key) ? key : k);
    }
}

/** Names of parameters and configuration keys that hold a credential (not a checksum of one). */
const CREDENTIAL_NAME = /token|passw|secret|private[-_]?key|certificate[-_]?key|^key$|psk/i;
/** Keys of a configuration (YAML, JSON) that hold a credential: kubeadm's token and certificateKey, … */
const CONFIG_CREDENTIAL = /^(token|password|certificateKey|privateKey|psk|secret)$/i;

/**
 * Credentials inside a secret text: the values of credential-named parameters of a host script's
 * env file (`K3S_TOKEN=…`, `KEY:b64=…`) and of credential-named keys of a configuration in it
 * (`token: …`, `certificateKey: …`) — a secret stdin holds them among public parameters.
 */
function credentialsInText(text: string, out: string[]): void {
    for (const m of text.matchAll(/^([A-Z][A-Z0-9_]*)(:b64)?=(.*)$/gm)) {
        const value = m[2] ? Buffer.from(m[3], "base64").toString("utf8") : m[3];
        if (CREDENTIAL_NAME.test(m[1]) && !/_(SHA256|SHA512|FILE|PATH|ID)$/.test(m[1])) out.push(value);
        // A configuration passed as a parameter (KUBEADM_CONFIG:b64=…) holds credentials of its own.
        if (m[2]) credentialsInText(value, out);
    }
    for (const m of text.matchAll(/([A-Za-z][A-Za-z0-9_-]*)["']?\s*:\s*["']?([^\s"',}]+)/g)) {
        if (CONFIG_CREDENTIAL.test(m[1])) out.push(m[2]);
    }
}

/** Every secret value of a `pulumi stack export --show-secrets` (see credentialsOf, credentialsInText). */
export function secretValues(decryptedExport: string): string[] {
    const found = new Set<string>();
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (SECRET_SIG in o && typeof o.plaintext === "string") {
                const inner: string[] = [];
                credentialsOf(JSON.parse(o.plaintext), inner);
                for (const text of [...inner]) credentialsInText(text, inner);
                for (const s of inner) if (s.trim().length >= MIN_LENGTH) found.add(s.trim());
                return;
            }
            Object.values(o).forEach(walk);
        }
    };
    walk(JSON.parse(decryptedExport));
    return [...found];
}

/** Replace every secret-marked value (`{ <sig>: …, value|plaintext: … }`) of a JSON value by "[secret]". */
function maskSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(maskSecrets);
    if (v && typeof v === "object") {
        if (SECRET_SIG in v) return "[secret]";
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, maskSecrets(x)]));
    }
    return v;
}

/** The Node.js SDK's own RPC traces ("RegisterResource RPC finished: …; resp: …"), at debug severity. */
function isSdkDebugTrace(e: Record<string, unknown>): boolean {
    const d = e.diagnosticEvent as { severity?: string; message?: string } | undefined;
    return (
        d?.severity === "debug" &&
        /^(RegisterResource|ReadResource|RegisterResourceOutputs|getResource Invoke|Invoke) RPC/.test(d.message ?? "")
    );
}

/**
 * An up's engine events (PulumiRun.events) as text, without the values they mark secret: the
 * JSON events carry them (the CLI renders them masked), so what is left is what the engine does
 * not know to be secret — log lines of commands, outputs and inputs not marked secret.
 * Left out too: the SDK's debug-severity RPC traces, which print every response with its secrets
 * resolved (upstream @pulumi/pulumi runtime/resource.js; shown only with --debug / -v) — they
 * would flag every secret of every stack, whatever the toolkit does.
 */
export function eventsWithoutSecretValues(events: Record<string, unknown>[]): string {
    return events
        .filter((e) => !isSdkDebugTrace(e))
        .map((e) => JSON.stringify(maskSecrets(e)))
        .join("\n");
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
            if (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)))
                leaks.push(`${place}: ${s.slice(0, 4)}… (${s.length} chars)`);
        }
    }
    return leaks;
}
