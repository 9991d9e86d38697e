/**
 * Random key material that stays secret in the stack's state.
 *
 * The random provider makes a `random.RandomBytes`' value (its base64) the resource's ID, and a
 * `random.RandomString`'s value too; the state keeps IDs in plain text whatever
 * `additionalSecretOutputs` says. A `random.RandomPassword`'s ID is `none` and its `result` is
 * secret. So 32 key bytes here are the SHA-256 of a 64-character RandomPassword (letters and
 * digits from crypto/rand, about 381 bits), and they never appear in an ID.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** 32 random bytes as secret Outputs, hex (64 characters) and base64 (44 characters). */
export interface RandomKey {
    /** The bytes as lower-case hex. */
    readonly hex: pulumi.Output<string>;
    /** The bytes as standard base64 (what `openssl rand -base64 32` prints). */
    readonly base64: pulumi.Output<string>;
}

/** A RandomPassword named `name` (parented by `opts`) and the 32 key bytes derived from it. */
export function randomKey(name: string, opts: pulumi.CustomResourceOptions): RandomKey {
    const password = new random.RandomPassword(
        name,
        { length: 64, special: false },
        { ...opts, additionalSecretOutputs: ["result"] },
    );
    const digest = (encoding: "hex" | "base64") =>
        pulumi.secret(password.result.apply((p) => createHash("sha256").update(p).digest(encoding)));
    return { hex: digest("hex"), base64: digest("base64") };
}
