// EdgeMesh's PSK: the chart's values.yaml carries a sample PSK that must never be deployed. The
// values Helm renders with (chart defaults overlaid with the release's values) must hold the
// generated, secret PSK instead.
import { execFileSync } from "child_process";
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { installMocks } from "../helpers/pulumi-mocks";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** The mocked RandomPassword the PSK comes from, and the PSK: its SHA-256, base64 (components/random-key.ts). */
const PASSWORD = randomBytes(48).toString("base64url");
const GENERATED = createHash("sha256").update(PASSWORD).digest("base64");

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: PASSWORD };
    return {};
});

import { EdgeMesh } from "../../components/edge/edgemesh";
import { CHART_DIR_ENV } from "../../components/network/chart-source";
import { VERSION_TABLE } from "../../components/version-table";
import { fakeCluster } from "../network/fake-cluster";

/** The sample PSK of build/helm/edgemesh/values.yaml at v1.17.0 ("Don't use this psk, please regenerate it!!!"). */
const SAMPLE_PSK = "JugH9HP1XBouyO5pWGeZa8LtipDURrf17EJvUHcJGuQ=";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
/** A secret input arrives from the mock monitor wrapped in the secret signature. */
const unwrap = (v: unknown): unknown => {
    if (isObj(v) && SECRET_SIG in v) return unwrap(v.value);
    if (Array.isArray(v)) return v.map(unwrap);
    return isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)])) : v;
};
/** Helm's coalescing of a release's values over the chart's defaults: maps merge, anything else replaces. */
const coalesce = (defaults: unknown, values: unknown): unknown =>
    isObj(defaults) && isObj(values)
        ? Object.fromEntries(
              [...new Set([...Object.keys(defaults), ...Object.keys(values)])].map((k) => [
                  k,
                  k in values ? coalesce(defaults[k], values[k]) : defaults[k],
              ]),
          )
        : values === undefined
          ? defaults
          : values;

/** The pinned EdgeMesh archive in the chart directory, when there is one (CI points CONTINUUM_CHART_DIR at it). */
const archive = ((): string | undefined => {
    const dir = process.env[CHART_DIR_ENV];
    const name = VERSION_TABLE.charts.edgemesh.archives?.[0]?.fileName;
    return dir && name && fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined;
})();
/** The chart's own values.yaml (from the archive), or the one key of it this test is about. */
const chartDefaults = (): unknown =>
    archive
        ? parse(execFileSync("tar", ["-xzOf", archive, "edgemesh/values.yaml"], { encoding: "utf8" }))
        : { agent: { psk: SAMPLE_PSK } };

describe("EdgeMesh PSK", () => {
    const cloud = fakeCluster({
        name: "cloud",
        substrate: "sim",
        distribution: "kubeadm",
        podCidr: "10.10.0.0/16",
        nodes: [{ name: "cp", host: "192.0.2.10" }],
    });
    let values: unknown;
    beforeAll(async () => {
        new EdgeMesh("em", { cluster: cloud });
        await mocks.settle();
        const rel = mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "em");
        values = rel?.inputs.values;
    });

    (archive ? it : it.skip)("the sample PSK this test looks for is the one in the pinned chart's values.yaml", () => {
        expect((chartDefaults() as { agent: { psk: string } }).agent.psk).toBe(SAMPLE_PSK);
    });

    it("the rendered values carry the generated PSK, never the chart's sample", () => {
        const rendered = coalesce(chartDefaults(), unwrap(values)) as { agent: { psk: string } };
        expect(rendered.agent.psk).toBe(GENERATED);
        expect(JSON.stringify(rendered)).not.toContain(SAMPLE_PSK);
    });

    it(
        "the PSK is a Pulumi secret, 32 bytes from a RandomPassword (a RandomBytes' " +
            "value would be its plain-text ID)",
        () => {
            expect(JSON.stringify(values)).toContain(SECRET_SIG);
            const password = mocks
                .ofType("random:index/randomPassword:RandomPassword")
                .find((r) => r.name === "em-psk");
            expect(password?.inputs).toEqual({ length: 64, special: false });
            expect(mocks.ofType("random:index/randomBytes:RandomBytes")).toEqual([]);
            expect(Buffer.from(GENERATED, "base64")).toHaveLength(32);
        },
    );
});
