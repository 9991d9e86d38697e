/**
 * containerd runtime handler stanzas, rendered for the config format each node runs.
 *
 * - v3 (`version = 3`): containerd 2.x — `[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.<h>]`.
 * - v2 (`version = 2`): containerd 1.7, and kind nodes (their config is v2 even on containerd 2.x;
 *   kind skips a `containerdConfigPatches` entry whose version header differs, silently).
 * - K3s: a `config-v3.toml.tmpl` that starts with `{{ template "base" . }}`. K3s renders the
 *   handlers it detects on its PATH itself (crun, wasmedge); repeating one would define the same
 *   TOML table twice and containerd would not start, so the K3s form leaves those out.
 *
 * Pure functions only; callers (kind, K3s/k3d, kubeadm, the runtime install scripts) decide
 * where the text goes.
 */
import type { RuntimeName } from "../spec/node";

/** Config format of a node's containerd. */
export type ContainerdConfigFormat = "v2" | "v3";

/** The CRI runtime plugin id per config format. */
export const CRI_RUNTIME_PLUGIN: Record<ContainerdConfigFormat, string> = {
    v2: "io.containerd.grpc.v1.cri",
    v3: "io.containerd.cri.v1.runtime",
};

/** Where K3s reads its containerd config template (containerd 2.x ⇒ v3, 1.7 ⇒ v2). */
export const K3S_TEMPLATE_PATH: Record<ContainerdConfigFormat, string> = {
    v2: "/var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl",
    v3: "/var/lib/rancher/k3s/agent/etc/containerd/config-v3.toml.tmpl",
};

/** The Go-template line a K3s containerd template must start with. */
export const K3S_TEMPLATE_BASE = '{{ template "base" . }}';

/** Handlers K3s finds on its PATH at start and renders (and makes RuntimeClasses for) itself. */
export const K3S_DETECTED_HANDLERS: readonly string[] = ["crun", "wasmedge"];

/** Where the binaries go by default (on K3s, where K3s looks for them). */
export const DEFAULT_PATHS = {
    crun: "/usr/local/bin/crun",
    /** K3s looks for WASI shims in /opt/kwasm/bin, /usr/bin and /usr/sbin only. */
    wasmedgeShim: "/usr/bin/containerd-shim-wasmedge-v1",
    kataShim: "/opt/kata/bin/containerd-shim-kata-v2",
    kataConfigDir: "/opt/kata/share/defaults/kata-containers",
} as const;

/** The pod annotation crun reads to run a Wasm module with WasmEdge, and its value. */
export const WASM_VARIANT_ANNOTATION = "module.wasm.image/variant";
export const WASM_VARIANT_VALUE = "compat-smart";

/** One containerd runtime handler: the table `...containerd.runtimes.<handler>` and its `.options`. */
export interface RuntimeHandlerStanza {
    /** containerd runtime name = RuntimeClass `handler` (a DNS label). */
    handler: string;
    /** `runtime_type`, e.g. `io.containerd.runc.v2`. */
    runtimeType: string;
    /** `runtime_path`: the shim binary when it is not `containerd-shim-<x>-<v>` on PATH. */
    runtimePath?: string;
    /** `privileged_without_host_devices`. */
    privilegedWithoutHostDevices?: boolean;
    /** `pod_annotations`: pod annotations passed through to the runtime. */
    podAnnotations?: string[];
    /** The `.options` table (runc-type: `BinaryName`, `SystemdCgroup`; kata: `ConfigPath`). */
    options: Record<string, string | boolean>;
}

/** Node-level settings that shape the handler stanzas. */
export interface HandlerSettings {
    /** Equal to the kubelet cgroup driver being `systemd`; identical across runc-type handlers. */
    systemdCgroup: boolean;
    /** crun binary. @default DEFAULT_PATHS.crun */
    crunPath?: string;
    /** `shim` (runwasi containerd-shim-wasmedge-v1) or `crun` (crun built with WasmEdge). @default "shim" */
    wasmedgeVia?: "shim" | "crun";
    /** Kata hypervisor shim (`qemu`, `clh`, `fc`, `dragonball`). @default "qemu" */
    kataShim?: string;
}

/** The handler name a runtime gets on a node. */
export function handlerName(runtime: RuntimeName, settings: Pick<HandlerSettings, "kataShim">): string {
    return runtime === "kata" ? `kata-${settings.kataShim ?? "qemu"}` : runtime;
}

/** The stanza of one runtime. */
export function handlerStanza(runtime: RuntimeName, s: HandlerSettings): RuntimeHandlerStanza {
    switch (runtime) {
        case "crun":
            return {
                handler: "crun",
                runtimeType: "io.containerd.runc.v2",
                options: { BinaryName: s.crunPath ?? DEFAULT_PATHS.crun, SystemdCgroup: s.systemdCgroup },
            };
        case "wasmedge":
            if ((s.wasmedgeVia ?? "shim") === "crun") {
                // crun detects the Wasm variant from the pod annotation, which containerd only
                // passes through when listed in pod_annotations.
                return {
                    handler: "wasmedge",
                    runtimeType: "io.containerd.runc.v2",
                    podAnnotations: [WASM_VARIANT_ANNOTATION],
                    options: { BinaryName: s.crunPath ?? DEFAULT_PATHS.crun, SystemdCgroup: s.systemdCgroup },
                };
            }
            // runwasi: containerd resolves io.containerd.wasmedge.v1 to containerd-shim-wasmedge-v1 on PATH.
            return { handler: "wasmedge", runtimeType: "io.containerd.wasmedge.v1", options: {} };
        case "kata": {
            const shim = s.kataShim ?? "qemu";
            return {
                handler: `kata-${shim}`,
                runtimeType: `io.containerd.kata-${shim}.v2`,
                runtimePath: DEFAULT_PATHS.kataShim,
                privilegedWithoutHostDevices: true,
                podAnnotations: ["io.katacontainers.*"],
                options: { ConfigPath: `${DEFAULT_PATHS.kataConfigDir}/configuration-${shim}.toml` },
            };
        }
    }
}

/** Stanzas for a node's runtimes, in a stable order, one per handler. */
export function handlerStanzas(runtimes: readonly RuntimeName[], s: HandlerSettings): RuntimeHandlerStanza[] {
    const seen = new Set<string>();
    const out: RuntimeHandlerStanza[] = [];
    for (const r of [...runtimes].sort()) {
        const st = handlerStanza(r, s);
        if (seen.has(st.handler)) continue;
        seen.add(st.handler);
        out.push(st);
    }
    return out;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const key = (k: string): string => (BARE_KEY.test(k) ? k : tomlString(k));

/** A TOML basic string (JSON escapes are valid TOML escapes; control characters are escaped). */
export function tomlString(v: string): string {
    return JSON.stringify(v).replace(/\u007f/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function tomlValue(v: string | boolean | string[]): string {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (Array.isArray(v)) return `[${v.map(tomlString).join(", ")}]`;
    return tomlString(v);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The TOML tables of the stanzas, without a version header. */
export function renderStanzaTables(stanzas: readonly RuntimeHandlerStanza[], format: ContainerdConfigFormat): string {
    const plugin = CRI_RUNTIME_PLUGIN[format];
    const blocks: string[] = [];
    for (const st of stanzas) {
        if (!DNS_LABEL.test(st.handler)) {
            throw new Error(
                `containerd handler '${st.handler}' is not a DNS label — ` +
                    `RuntimeClass.handler must equal it; use a-z, 0-9 and '-'`,
            );
        }
        const table = `plugins.${tomlString(plugin)}.containerd.runtimes.${key(st.handler)}`;
        const lines = [`[${table}]`, `  runtime_type = ${tomlValue(st.runtimeType)}`];
        if (st.runtimePath !== undefined) lines.push(`  runtime_path = ${tomlValue(st.runtimePath)}`);
        if (st.privilegedWithoutHostDevices !== undefined)
            lines.push(`  privileged_without_host_devices = ${tomlValue(st.privilegedWithoutHostDevices)}`);
        if (st.podAnnotations !== undefined) lines.push(`  pod_annotations = ${tomlValue(st.podAnnotations)}`);
        const opts = Object.entries(st.options);
        if (opts.length > 0) {
            lines.push("", `[${table}.options]`);
            for (const [k, v] of opts) lines.push(`  ${key(k)} = ${tomlValue(v)}`);
        }
        blocks.push(lines.join("\n"));
    }
    return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`;
}

/**
 * A complete containerd config file holding the stanzas: a kubeadm drop-in
 * (`/etc/containerd/conf.d/*.toml`, imported by the main config) or a kind
 * `containerdConfigPatches` entry (format v2). Empty string when there is nothing to add.
 */
export function renderContainerdConfig(
    stanzas: readonly RuntimeHandlerStanza[],
    format: ContainerdConfigFormat,
): string {
    const tables = renderStanzaTables(stanzas, format);
    if (tables === "") return "";
    return `version = ${format === "v3" ? 3 : 2}\n\n${tables}`;
}

/** kind `containerdConfigPatches` entries (v2, with the version header) for a node's runtimes. */
export function kindContainerdPatches(runtimes: readonly RuntimeName[], s: HandlerSettings): string[] {
    const text = renderContainerdConfig(handlerStanzas(runtimes, s), "v2");
    return text === "" ? [] : [text];
}

/**
 * The K3s containerd template (`config-v3.toml.tmpl` for containerd 2.x): the base template,
 * then the stanzas K3s does not render itself. `undefined` when K3s needs no template (it
 * detects everything), so the default config stays K3s's own.
 */
export function renderK3sTemplate(
    stanzas: readonly RuntimeHandlerStanza[],
    format: ContainerdConfigFormat = "v3",
): string | undefined {
    const own = stanzas.filter((st) => !(K3S_DETECTED_HANDLERS.includes(st.handler) && isK3sDetectedShape(st)));
    if (own.length === 0) return undefined;
    return `${K3S_TEMPLATE_BASE}\n\n${renderStanzaTables(own, format)}`;
}

/** K3s renders crun and the runwasi wasmedge shim itself; a crun-based `wasmedge` it does not. */
function isK3sDetectedShape(st: RuntimeHandlerStanza): boolean {
    return st.handler === "crun" || (st.handler === "wasmedge" && st.podAnnotations === undefined);
}
