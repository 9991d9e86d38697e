/**
 * What reaches a host script or an OpenSSH command line from the spec: host addresses, user
 * names, registry mirrors, local paths. Each is checked here, so `validate` and `preview` refuse
 * what `up` would refuse (or worse, pass to ssh): no spaces, no leading `-` (`-oProxyCommand=…`),
 * no shell or ssh_config metacharacters, no control characters.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { shown } from "./shown";

const LABEL = /^[a-z0-9]([-a-z0-9_]{0,61}[a-z0-9])?$/i;
const NUMERIC_TLD = /^[0-9]+$/;

/** Why a text is not an IPv4/IPv6 address or a DNS name, or undefined when it is one. */
export function hostProblem(text: string): string | undefined {
    if (text.length === 0) return "is empty";
    if (text.length > 253) return `is ${text.length} characters long (a DNS name has at most 253)`;
    if (text.startsWith("-")) return `'${shown(text)}' starts with '-' (ssh would read it as an option)`;
    if (text.startsWith(":")) {
        return (
            `'${shown(text)}' starts with ':', which the SSH scripts ` +
            `refuse (write it with a leading 0, like 0::1, and an IPv4-mapped address ` +
            `as its IPv4 address)`
        );
    }
    if (ipAddress(text)) return undefined;
    if (text.includes(":")) return `'${shown(text)}' is not an IPv6 address (no zone ids, brackets or ports here)`;
    const name = text.endsWith(".") ? text.slice(0, -1) : text;
    const labels = name.split(".");
    if (labels.some((l) => !LABEL.test(l))) {
        // eslint-disable-next-line no-control-regex
        const what = /[\u0000-\u001f\u007f-\u009f]/u.test(text)
            ? "control characters"
            : /[^\x21-\x7e]/u.test(text)
              ? "spaces or non-ASCII characters (write an IDN in its xn-- form)"
              : /[^-A-Za-z0-9._]/.test(text)
                ? "shell or ssh_config metacharacters"
                : "an empty label, a label over 63 characters, or one that starts or ends with '-' or '_'";
        return `'${shown(text)}' is not an IP address or a DNS name: it has ${what}`;
    }
    if (NUMERIC_TLD.test(labels[labels.length - 1]))
        return `'${shown(text)}' looks like an IPv4 address but is not one (four decimal numbers 0–255)`;
    return undefined;
}

/** The address when the text is an IPv4 (four decimal parts) or IPv6 address, a trailing dot ignored. */
function ipAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
    const t = text.endsWith(".") && !text.includes(":") ? text.slice(0, -1) : text;
    if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t);
    if (t.includes(":") && !t.includes("%") && ipaddr.IPv6.isValid(t)) return ipaddr.IPv6.parse(t);
    return undefined;
}

/**
 * The form two spellings of one host share: an address in its canonical text (IPv4-mapped IPv6
 * as the IPv4), a DNS name in lower case without the trailing dot.
 */
export function normalizeHost(text: string): string {
    const ip = ipAddress(text);
    if (ip) return (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip).toString();
    return (text.endsWith(".") ? text.slice(0, -1) : text).toLowerCase();
}

const hostHint = "write an IPv4 or IPv6 address or a DNS name like node1.example.net";

/** An IPv4/IPv6 address or a DNS name. */
export const hostField = z.string().superRefine((text, ctx) => {
    const problem = hostProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem} — ${hostHint}` });
});

const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/** A POSIX user name (the portable set, ≤ 32 characters, not starting with '-'). */
export const userField = z.string().superRefine((text, ctx) => {
    if (!USER.test(text)) {
        ctx.addIssue({
            code: "custom",
            message:
                `'${shown(text)}' is not a POSIX user name — use letters, ` +
                `digits, '_', '.' and '-', starting with a letter or '_', at most 32 characters`,
        });
    }
});

/** A port 1–65535. */
export const portField = z
    .number()
    .int()
    .min(1, { error: "must be a port 1–65535" })
    .max(65535, { error: "must be a port 1–65535" });

/** A registry mirror key: `host` or `host:port` (what containerd and K3s key mirrors by). */
export const registryKey = z.string().superRefine((text, ctx) => {
    const m = /^(.*?)(?::(\d{1,5}))?$/.exec(text);
    const host = m?.[1] ?? text;
    const port = m?.[2] === undefined ? undefined : Number(m[2]);
    const problem =
        text === "*"
            ? undefined
            : text.includes("..")
              ? `'${shown(text)}' contains '..'`
              : (hostProblem(host) ??
                (port !== undefined && (port < 1 || port > 65535) ? `port ${port} is outside 1–65535` : undefined));
    if (problem)
        ctx.addIssue({
            code: "custom",
            message:
                `registry ${problem} — key mirrors by registry host ` +
                `or host:port, e.g. docker.io or registry.lan:5000`,
        });
});

/** A mirror endpoint: an http or https URL with no credentials in it. */
export const mirrorUrl = z.string().superRefine((text, ctx) => {
    const problem = urlProblem(text);
    if (problem)
        ctx.addIssue({
            code: "custom",
            message: `${problem} — write an http:// or https:// URL like https://mirror.lan:5000`,
        });
});

function urlProblem(text: string): string | undefined {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0020\u007f-\u009f]/u.test(text)) return `'${shown(text)}' has spaces or control characters`;
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return `'${shown(text)}' is not a URL`;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return `'${shown(url.protocol)}' URLs are not mirrors`;
    if (url.username !== "" || url.password !== "")
        return "the URL carries credentials (they would sit in git and in state)";
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    return hostProblem(host);
}

/** A local path (airgap directory, chart archive): no control characters, no leading '-', no '..' segment. */
export const localPath = z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
        // eslint-disable-next-line no-control-regex
        const problem = /[\u0000-\u001f\u007f-\u009f]/u.test(text)
            ? "has control characters"
            : text.startsWith("-")
              ? "starts with '-'"
              : text.split(/[\\/]/).includes("..")
                ? "has a '..' segment"
                : text.length > 4096
                  ? `is ${text.length} characters long`
                  : undefined;
        if (problem)
            ctx.addIssue({
                code: "custom",
                message:
                    `'${shown(text)}' ${problem} — write a plain path ` +
                    `to the directory or file (absolute, or relative to the project directory without '..')`,
            });
    });
