/**
 * versions: the same stack file gives the same continuum next month. Every Helm chart and
 * every host artifact is pinned to one exact version; container images name a tag or digest.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, stringList } from "./lib/config";
import { CHART_TYPES, isLocalChart } from "./lib/helm";
import { COMMAND_TYPES, commandPayload } from "./lib/commands";
import { containersOf, podSpecOf, workloadType } from "./lib/kubernetes";
import { patterns, str, toPlain, UNKNOWN } from "./lib/values";

/** An exact SemVer version (a leading `v` tolerated): no range, no wildcard, no channel. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Whether a chart version string pins one exact release. */
export function isExactVersion(version: string): boolean {
    return EXACT_VERSION.test(version.trim());
}

const RELEASE_DEFAULTS = { allowLocalCharts: true };

export const helmReleaseVersionPinned: ResourceValidationPolicy = {
    name: "helm-release-version-pinned",
    description:
        "Every Helm chart (helm.v3.Release, helm.v4.Chart) pins one exact chart version, like `1.18.4`. " +
        "Without it, or with a range (`^1.18`, `1.x`) or `latest`, the same " +
        "stack installs whatever the repository serves that day.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowLocalCharts: {
                type: "boolean",
                default: true,
                description:
                    "Accept a chart given as a local path with no repository (versioned by its own Chart.yaml).",
            },
        },
    },
    remediationSteps: "Set `version` to the exact chart version from components/version-table.ts.",
    validateResource: (args, report) => {
        if (!CHART_TYPES.includes(args.type)) return;
        const cfg = configOf(args, RELEASE_DEFAULTS);
        const props = toPlain(args.props);
        const chart = str(props, "chart");
        if (chart === UNKNOWN) return;
        if (cfg.allowLocalCharts && isLocalChart(props)) return;
        const version = str(props, "version");
        if (version === UNKNOWN) return;
        const what = `chart '${chart ?? "(no chart)"}' of '${args.name}'`;
        if (version === undefined || version.trim() === "") {
            // a packaged .tgz URL names its version
            if (typeof chart === "string" && /-v?\d+\.\d+\.\d+[^/]*\.tgz$/.test(chart)) return;
            report(
                `${what} pins no version: set \`version\` to an exact chart ` +
                    `version (e.g. from components/version-table.ts).`,
            );
            return;
        }
        if (!isExactVersion(version)) {
            report(
                `${what} has version '${version}', which floats: use one ` +
                    `exact version like 1.18.4 (no ranges, no 'latest').`,
            );
        }
    },
};

/** A host script's env file as KEY → value (`KEY:b64=` values stay encoded: only names and digests are read). */
function envParams(envFile: string): Map<string, string> {
    const params = new Map<string, string>();
    for (const line of envFile.split("\n")) {
        const m = /^([A-Z][A-Z0-9_]*)(?::b64)?=(.*)$/.exec(line.trim());
        if (m) params.set(m[1], m[2]);
    }
    return params;
}

const DIGEST_SUFFIXES = ["_SHA256", "_SHA512", "_ORIGIN"];

/**
 * Artifact parameters of a host script's env file (`ARTIFACT_K3S=k3s-v1.36.3+k3s1-amd64`) that
 * come without their digest (`ARTIFACT_K3S_SHA256=<64 hex>` or `ARTIFACT_K3S_SHA512=<128 hex>`).
 */
export function unverifiedArtifacts(envFile: string, prefix: string): string[] {
    const params = envParams(envFile);
    return [...params.keys()]
        .filter((k) => k.startsWith(prefix) && !DIGEST_SUFFIXES.some((s) => k.endsWith(s)))
        .filter(
            (k) =>
                !/^[0-9a-f]{64}$/.test(params.get(`${k}_SHA256`) ?? "") &&
                !/^[0-9a-f]{128}$/.test(params.get(`${k}_SHA512`) ?? ""),
        );
}

/**
 * Where each artifact of a host script's env file is pinned (`ARTIFACT_KEADM_ORIGIN=stack:
 * artifacts.keadm.arm64`, `table: k3s v1.35.0+k3s1`), as `NAME (origin, algorithm)`.
 */
export function artifactOrigins(envFile: string, prefix: string): string[] {
    const params = envParams(envFile);
    return [...params.keys()]
        .filter((k) => k.startsWith(prefix) && !DIGEST_SUFFIXES.some((s) => k.endsWith(s)))
        .map(
            (k) =>
                `${k.slice(prefix.length)} (${params.get(`${k}_ORIGIN`) ?? "origin not recorded"}, ` +
                `${params.has(`${k}_SHA512`) ? "sha512" : "sha256"})`,
        );
}

const ARTIFACT_DEFAULTS = {
    artifactParamPrefix: "ARTIFACT_",
    floatingPatterns: [
        "releases/latest",
        "/latest/",
        "[?&]channel=",
        "INSTALL_K3S_CHANNEL",
        "stable\\.txt",
        "get\\.k3s\\.io(?![\\s\\S]*INSTALL_K3S_VERSION)",
        "(curl|wget)[^|\\n]*\\|\\s*(sudo\\s+)?(ba)?sh",
    ],
};

export const hostArtifactVersionPinned: ResourceValidationPolicy = {
    name: "host-artifact-version-pinned",
    description:
        "Commands that put software on a host use one pinned version, checked " +
        "by digest: every artifact handed to a host script " +
        "(`ARTIFACT_<NAME>`) comes with its `ARTIFACT_<NAME>_SHA256` or " +
        "`_SHA512` (pinned by continuum's version table or by the stack's `artifacts:`, " +
        "recorded in `ARTIFACT_<NAME>_ORIGIN`), and no command fetches `releases/latest`, " +
        "a release channel, or runs a `curl … | sh` installer that picks a version itself.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            floatingPatterns: stringList(
                "Regular expressions (case-insensitive) that mark a floating " +
                    "download in a command's lines, stdin or environment.",
                ARTIFACT_DEFAULTS.floatingPatterns,
            ),
            artifactParamPrefix: {
                type: "string",
                default: ARTIFACT_DEFAULTS.artifactParamPrefix,
                description:
                    "Prefix of the script parameters that name a pushed artifact; each needs a <name>_SHA256 sibling.",
            },
        },
    },
    remediationSteps:
        "Install the exact version continuum pins, verified by its digest; " +
        "where continuum's table has no digest for it, pin it in the stack: " +
        "`artifacts.<name>.<arch>.sha256` or `.sha512` (upstream's checksum " +
        "file), or `checksumFile` in airgap.artifactDir.",
    validateResource: (args, report) => {
        if (!COMMAND_TYPES.includes(args.type)) return;
        const cfg = configOf(args, ARTIFACT_DEFAULTS);
        const floating = patterns(cfg.floatingPatterns, "floatingPatterns");
        const props = toPlain(args.props);
        for (const { field, text } of commandPayload(props)) {
            const hit = floating.find((re) => re.test(text));
            if (hit)
                report(
                    `command '${args.name}' ${field} fetches a floating ` +
                        `artifact (matches /${hit.source}/): install the pinned file continuum hands ` +
                        `the script (ARTIFACT_<NAME> with its digest) instead.`,
                );
        }
        const stdin = str(props, "stdin");
        if (typeof stdin !== "string") return;
        const unverified = unverifiedArtifacts(stdin, cfg.artifactParamPrefix);
        if (unverified.length === 0) return;
        const origins = artifactOrigins(stdin, cfg.artifactParamPrefix).join(", ");
        for (const name of unverified) {
            report(
                `command '${args.name}' is handed artifact ${name} without ` +
                    `a ${name}_SHA256 or ${name}_SHA512 digest: the host must verify every file it installs ` +
                    `(pin it in the stack: artifacts.<name>.<arch>.sha256 ` +
                    `or .sha512). Its artifacts and where each is pinned: ${origins}.`,
            );
        }
    },
};

/** Split an image reference into its tag and digest (the registry port is not a tag). */
export function imageRef(image: string): { tag?: string; digest?: string } {
    const at = image.indexOf("@");
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    const name = at >= 0 ? image.slice(0, at) : image;
    const slash = name.lastIndexOf("/");
    const colon = name.lastIndexOf(":");
    const tag = colon > slash ? name.slice(colon + 1) : undefined;
    return { tag, digest };
}

const IMAGE_DEFAULTS = { floatingTags: ["latest"] };

export const containerImagePinned: ResourceValidationPolicy = {
    name: "container-image-pinned",
    description:
        "Containers in workloads name an image tag or digest (`nginx:1.27.2`, " +
        "`…@sha256:…`), not a bare name or `:latest`, " +
        "so a node pulling it next month runs the same thing.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            floatingTags: stringList("Tags that count as unpinned.", IMAGE_DEFAULTS.floatingTags),
        },
    },
    remediationSteps: "Add the exact tag (or `@sha256:` digest) to the image.",
    validateResource: (args, report) => {
        const wt = workloadType(args.type);
        if (!wt) return;
        const cfg = configOf(args, IMAGE_DEFAULTS);
        const spec = podSpecOf(wt.kind, toPlain(args.props));
        if (spec === undefined || spec === UNKNOWN) return;
        for (const { where, container } of containersOf(spec)) {
            const image = str(container, "image");
            if (typeof image !== "string") continue;
            const { tag, digest } = imageRef(image);
            if (digest) continue;
            if (!tag)
                report(`${wt.kind} '${args.name}' ${where} uses image '${image}' with no tag: pin a tag or digest.`);
            else if (cfg.floatingTags.includes(tag))
                report(
                    `${wt.kind} '${args.name}' ${where} uses image '${image}': ` +
                        `'${tag}' moves; pin a version tag or digest.`,
                );
        }
    },
};

export const versionPolicies = [helmReleaseVersionPinned, hostArtifactVersionPinned, containerImagePinned];
