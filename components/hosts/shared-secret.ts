/**
 * One secret Output per source (a spec secret, a join-token Output), shared by every node that
 * uses it: each Output costs the Pulumi SDK a few promises per node, and a fleet has thousands.
 */
import * as pulumi from "@pulumi/pulumi";

const SHARED = new WeakMap<object, pulumi.Output<string>>();

/** `pulumi.secret(value())`, made once per `source` object and then handed out again. */
export function sharedSecret(source: object, value: () => pulumi.Input<string>): pulumi.Output<string> {
    let out = SHARED.get(source);
    if (out === undefined) {
        out = pulumi.secret(value());
        SHARED.set(source, out);
    }
    return out;
}
