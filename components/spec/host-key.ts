/**
 * A pinned SSH host key as OpenSSH's known_hosts takes it: `<type> <base64 blob>`. The blob is
 * decoded and the key type embedded in it must be the declared one (a pasted key of another host
 * type fails at once, not at `up`). A trailing comment (what `ssh-keyscan` and `.pub` files carry)
 * is dropped; `ssh-dss` is refused (OpenSSH no longer accepts DSA keys).
 */
import { z } from "zod";
import { shown } from "./shown";

/** The host key types the toolkit pins. */
export const HOST_KEY_TYPES = [
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
] as const;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HINT =
    "paste the key as `ssh-keyscan -t ed25519 <host>` prints it (without the host name) and verify it out of band";

/** Why a text is not a usable host key, or undefined. `key` is `<type> <blob>` without the comment. */
export function hostKeyProblem(text: string): { problem: string } | { key: string } {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f]/u.test(text))
        return { problem: "has control characters (a line break would add a second known_hosts entry)" };
    const [type = "", blob = "", ...comment] = text.trim().split(/ +/);
    void comment;
    if (type === "ssh-dss") return { problem: "is a DSA key (ssh-dss), which OpenSSH refuses" };
    if (!(HOST_KEY_TYPES as readonly string[]).includes(type)) {
        return { problem: `'${shown(type, 40)}' is not a host key type (use ${HOST_KEY_TYPES.join(", ")})` };
    }
    if (blob === "" || !BASE64.test(blob)) return { problem: `the ${type} key body is not valid base64` };
    const bytes = Buffer.from(blob, "base64");
    // OpenSSH's decoder also refuses set bits after the last whole byte (a non-canonical encoding).
    if (bytes.toString("base64") !== blob)
        return { problem: `the ${type} key body is not valid base64 (it does not end on a byte boundary)` };
    const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
    const embedded =
        length >= 0 && 4 + length <= bytes.length ? bytes.subarray(4, 4 + length).toString("latin1") : undefined;
    if (embedded !== type) {
        const what =
            embedded !== undefined && /^[\x21-\x7e]{1,40}$/.test(embedded)
                ? `a ${embedded} key`
                : "not an OpenSSH public key";
        return { problem: `is declared ${type} but its body is ${what}` };
    }
    return { key: `${type} ${blob}` };
}

/** A pinned host key; the value is `<type> <blob>` with any comment dropped. */
export const hostKeyField = z.string().transform((text, ctx) => {
    const out = hostKeyProblem(text);
    if ("key" in out) return out.key;
    ctx.addIssue({ code: "custom", message: `${out.problem} — ${HINT}` });
    return z.NEVER;
});
