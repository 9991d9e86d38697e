/**
 * secrets: kubeconfigs, join tokens, private keys and CA keys are Pulumi secrets from the
 * moment they exist. Policies cannot see whether a value is secret (the SDK hands them the
 * plain text), so they check where such values are born: the command that prints them marks
 * its output secret, random credentials are generated secret, keys come from a key resource.
 */
import type { PolicyResource, ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, stringList } from "./lib/config";
import { COMMAND_TYPES, commandLines } from "./lib/commands";
import { CHART_TYPES, valuesOf } from "./lib/helm";
import { propsOf, stackPolicy } from "./lib/declared";
import { at, patterns, str, stringsIn, type Plain } from "./lib/values";

/** Resource properties that hold credentials, so whatever feeds them is a secret. */
export const SECRET_SINKS: Record<string, string[]> = {
    "pulumi:providers:kubernetes": ["kubeconfig"],
    "kubernetes:core/v1:Secret": ["data", "stringData"],
    "kubernetes:core/v1:SecretPatch": ["data", "stringData"],
};

const COMMAND_DEFAULTS = {
    secretOutputPatterns: [
        "kubeconfig",
        "k3s\\.yaml",
        "admin\\.conf",
        "(?<!--)\\btoken\\b(?!-file)",
        "print-join-command",
        "private[-_]?key",
        "ca\\.key",
    ],
    allowedLogging: ["none", "stderr"],
    quietCommandPatterns: [
        "^\\s*(mkdir|rmdir|rm|install -d)\\s[^|;&`$<>]*$",
        // HostScript's delete: its step directory, then ~/.continuum/run and ~/.continuum when empty.
        "^rm -rf -- [A-Za-z0-9._+/-]+ && \\{ rmdir -p --ignore-fail-on-non-empty " +
            "-- [A-Za-z0-9._+/-]+ 2>/dev/null \\|\\| true; \\}$",
    ],
};

/** Why a command counts as printing a secret, or undefined. */
function printsSecret(
    r: PolicyResource,
    sinksFed: Map<string, string[]>,
    secretOutput: RegExp[],
    quiet: RegExp[],
): string | undefined {
    const fed = sinksFed.get(r.urn);
    if (fed) return `its output feeds ${fed.join(", ")}`;
    const lines = commandLines(propsOf(r));
    // A step's helper that only makes or removes its directory prints nothing, whatever the step is called.
    if (lines.length > 0 && lines.every(({ text }) => quiet.some((re) => re.test(text)))) return undefined;
    const hit = secretOutput.find((re) => re.test(r.name));
    if (hit) return `its name matches /${hit.source}/`;
    for (const { field, text } of lines) {
        const h = secretOutput.find((re) => re.test(text));
        if (h) return `its ${field} line matches /${h.source}/`;
    }
    return undefined;
}

/** URN of every resource that feeds a secret sink → which sinks (`<name>.<property>`). */
export function secretSinkFeeders(resources: PolicyResource[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of resources) {
        for (const prop of SECRET_SINKS[r.type] ?? []) {
            for (const dep of r.propertyDependencies[prop] ?? []) {
                out.set(dep.urn, [...(out.get(dep.urn) ?? []), `${r.name}.${prop}`]);
            }
        }
    }
    return out;
}

export const secretCommandOutputs = stackPolicy({
    name: "secret-command-outputs",
    description:
        "A command that prints a kubeconfig, join token or key (its output " +
        "feeds a Kubernetes provider's kubeconfig or a Secret, " +
        "or its name or command line says so) lists `stdout` in additionalSecretOutputs and does not log stdout, " +
        "so the value is encrypted in the state and never shown in `pulumi up` output.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            secretOutputPatterns: stringList(
                "Regular expressions (case-insensitive) on a command's name " +
                    "and command lines that mark it as printing a secret.",
                COMMAND_DEFAULTS.secretOutputPatterns,
            ),
            allowedLogging: stringList("`logging` values accepted for such commands.", COMMAND_DEFAULTS.allowedLogging),
            quietCommandPatterns: stringList(
                "Regular expressions for command lines that print nothing " +
                    "(directory housekeeping): never counted by name or line.",
                COMMAND_DEFAULTS.quietCommandPatterns,
            ),
        },
    },
    remediationSteps: 'Pass `additionalSecretOutputs: ["stdout"]` in the resource options and set `logging: "none"`.',
    validateStack: (args, report) => {
        const cfg = configOf(args, COMMAND_DEFAULTS);
        const secretOutput = patterns(cfg.secretOutputPatterns, "secretOutputPatterns");
        const quiet = patterns(cfg.quietCommandPatterns, "quietCommandPatterns");
        const fed = secretSinkFeeders(args.resources);
        for (const r of args.resources) {
            if (!COMMAND_TYPES.includes(r.type)) continue;
            const why = printsSecret(r, fed, secretOutput, quiet);
            if (!why) continue;
            if (!r.opts.additionalSecretOutputs.includes("stdout")) {
                report(
                    `command '${r.name}' prints a secret (${why}) but stdout ` +
                        `is not secret: add additionalSecretOutputs: ["stdout"].`,
                    r.urn,
                );
            }
            const logging = str(propsOf(r), "logging") ?? "stdoutAndStderr";
            if (typeof logging === "string" && !cfg.allowedLogging.includes(logging)) {
                report(
                    `command '${r.name}' prints a secret (${why}) and logs ` +
                        `it (logging: ${logging}): set logging to one of ${cfg.allowedLogging.join(", ")}.`,
                    r.urn,
                );
            }
        }
    },
});

/** Outputs of each random resource type that carry the generated value. */
/**
 * Random resources whose value the real random provider also makes the resource's ID, which the
 * state holds in plain text whatever `additionalSecretOutputs` says (RandomString and RandomUuid:
 * the result; RandomBytes: the base64; RandomId: the b64Url). Only RandomPassword (ID "none") keeps
 * a credential out of the state.
 */
const RANDOM_ID_IS_VALUE: Record<string, string> = {
    "random:index/randomString:RandomString": "result",
    "random:index/randomBytes:RandomBytes": "base64",
    "random:index/randomId:RandomId": "b64Url",
    "random:index/randomUuid:RandomUuid": "result",
};

const RANDOM_DEFAULTS = {
    credentialPatterns: ["token", "passw", "secret", "key", "cred"],
    // A bootstrap token's ID half is public by design (it names the Secret bootstrap-token-<id>).
    publicPatterns: ["-token-id$"],
};

export const secretRandomCredentials: ResourceValidationPolicy = {
    name: "secret-random-credentials",
    description:
        "Random values named as credentials (token, password, secret, key) " +
        "come from random.RandomPassword: the random " +
        "provider makes the value of a RandomString, RandomBytes, RandomId " +
        "or RandomUuid its resource ID, which the state " +
        "holds in plain text even when the outputs are listed in additionalSecretOutputs.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            credentialPatterns: stringList(
                "Regular expressions (case-insensitive) on the resource name that mark a credential.",
                RANDOM_DEFAULTS.credentialPatterns,
            ),
            publicPatterns: stringList(
                "Regular expressions (case-insensitive) on the resource name of values that are public by design.",
                RANDOM_DEFAULTS.publicPatterns,
            ),
        },
    },
    remediationSteps:
        "Replace the resource with random.RandomPassword (derive other encodings from its result, e.g. a hash of it).",
    validateResource: (args, report) => {
        const idOutput = RANDOM_ID_IS_VALUE[args.type];
        if (!idOutput) return;
        const cfg = configOf(args, RANDOM_DEFAULTS);
        const hit = patterns(cfg.credentialPatterns, "credentialPatterns").find((re) => re.test(args.name));
        if (!hit || patterns(cfg.publicPatterns, "publicPatterns").some((re) => re.test(args.name))) return;
        report(
            `'${args.name}' looks like a credential (name matches /${hit.source}/) ` +
                `but its ${idOutput} is also its resource ID, in plain text in the state: ` +
                `use random.RandomPassword.`,
        );
    },
};

const KEY_DEFAULTS = {
    keySourceTypes: [
        "tls:index/privateKey:PrivateKey",
        "random:index/randomPassword:RandomPassword",
        "command:remote:Command",
        "command:local:Command",
    ],
};

/** Paths in chart values or Secret data that hold a private key, with the reason. */
export function privateKeysIn(value: Plain | undefined): string[] {
    const out: string[] = [];
    for (const { path, text } of stringsIn(value)) {
        if (text.trim() === "") continue;
        const pem =
            /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text) ||
            (text.includes("LS0tLS1CRUdJTi") && atobSafe(text).includes("PRIVATE KEY"));
        const keyPath = /(^|\.)tls(\.[A-Za-z0-9_-]+)*\.key$/.test(path) || /(^|\.)(tls\.key|ca\.key)$/.test(path);
        if (pem || keyPath) out.push(path);
    }
    return out;
}

function atobSafe(text: string): string {
    try {
        return Buffer.from(text, "base64").toString("utf8");
    } catch {
        return "";
    }
}

export const secretKeysFromKeyResources = stackPolicy({
    name: "secret-keys-generated",
    description:
        "Private keys and CA keys in chart values (Cilium `tls.ca.key`, " +
        "ClusterMesh certificates) and in Kubernetes Secrets come from a " +
        "key resource (tls.PrivateKey) or a secret command output, never " +
        "from text written into the program, where they end up in git and in plain state.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            keySourceTypes: stringList(
                "Resource types whose outputs may feed a key (their outputs are secret).",
                KEY_DEFAULTS.keySourceTypes,
            ),
        },
    },
    remediationSteps: "Generate the key with tls.PrivateKey (and the CA with tls.SelfSignedCert) and pass its output.",
    validateStack: (args, report) => {
        const cfg = configOf(args, KEY_DEFAULTS);
        for (const r of args.resources) {
            let fields: string[];
            if (CHART_TYPES.includes(r.type)) fields = ["values"];
            else if (SECRET_SINKS[r.type] && r.type.startsWith("kubernetes:")) fields = SECRET_SINKS[r.type];
            else continue;
            const props = propsOf(r);
            for (const field of fields) {
                const found = privateKeysIn(field === "values" ? valuesOf(props) : at(props, field));
                if (found.length === 0) continue;
                const sourced = (r.propertyDependencies[field] ?? []).some((d) => cfg.keySourceTypes.includes(d.type));
                if (!sourced) {
                    report(
                        `'${r.name}' ${field} holds a private key at ${found.join(", ")} ` +
                            `that no key resource produced: generate it with tls.PrivateKey and pass the output.`,
                        r.urn,
                    );
                }
            }
        }
    },
});

export const secretPolicies = [secretCommandOutputs, secretRandomCredentials, secretKeysFromKeyResources];
