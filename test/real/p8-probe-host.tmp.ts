// Temporary probe (not committed): boot one real test host and keep it until SIGTERM.
import { writeFileSync } from "node:fs";
import { TestHostRun } from "../hosts/harness/test-hosts";
(async () => {
    const run = await TestHostRun.create();
    await run.add([{ name: "edge", real: true }]);
    const h = run.host("edge");
    writeFileSync("/tmp/p8probe/host.json", JSON.stringify({ dir: run.dir, hostDir: h.dir, address: h.address, netns: h.link.netns, octet: run.octet }, null, 2));
    console.log("READY", h.address);
    process.on("SIGTERM", () => { run.destroy(); process.exit(0); });
    setInterval(() => undefined, 1 << 30);
})().catch((e) => { console.error(e); process.exit(1); });
