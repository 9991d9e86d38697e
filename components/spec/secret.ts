import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/**
 * A value the user wrote as a `secure:` config value (SSH keys, sudo passwords,
 * kubeconfigs). It never prints: `String()`, `JSON.stringify` and `util.inspect`
 * all show `[secret]`. Inside a Pulumi program the engine hands the program the
 * decrypted text, and `reveal()` returns it only to be wrapped at once in
 * `pulumi.secret(...)`. When a stack file is read without Pulumi (`continuum
 * validate`), the value stays encrypted and `reveal()` refuses.
 */
export class SecretValue {
    readonly #plain: string | undefined;
    readonly #later: pulumi.Output<string> | undefined;

    private constructor(plain: string | undefined, later?: pulumi.Output<string>) {
        this.#plain = plain;
        this.#later = later;
    }

    /**
     * A secret known only as a Pulumi Output (a component package's secret input: it reaches the
     * component as an Output). `revealInput` hands the Output on; `reveal` refuses, naming the field.
     */
    static output(value: pulumi.Output<string>): SecretValue {
        return new SecretValue(undefined, value);
    }

    /** A secret whose plain text the program holds (decrypted by the engine). */
    static plain(value: string): SecretValue {
        return new SecretValue(value);
    }

    /** A secret still encrypted in the stack file (`secure: v1:...`). */
    static encrypted(): SecretValue {
        return new SecretValue(undefined);
    }

    /** True when the plain text is not available (read from a file, not from the engine). */
    get isEncrypted(): boolean {
        return this.#plain === undefined && this.#later === undefined;
    }

    /** The plain text, or the Output it arrives as; wrap it in `pulumi.secret` immediately. */
    revealInput(what: string): pulumi.Input<string> {
        return this.#later ?? this.reveal(what);
    }

    /** The plain text; wrap it in `pulumi.secret` immediately. */
    reveal(what: string): string {
        if (this.#later !== undefined) {
            throw new Error(
                `${what} arrived as an Output (another resource's output ` +
                    `or a secret input) but its plain text is needed while the program runs — ` +
                    `pass the value itself`,
            );
        }
        if (this.#plain === undefined) {
            throw new Error(
                `${what} is still encrypted: run through Pulumi (pulumi up/preview) so the engine decrypts it`,
            );
        }
        return this.#plain;
    }

    toString(): string {
        return "[secret]";
    }

    toJSON(): string {
        return "[secret]";
    }

    [Symbol.for("nodejs.util.inspect.custom")](): string {
        return "[secret]";
    }
}

/**
 * A field that must be a secret: a `secure:` value in the stack file (what Pulumi
 * writes for `pulumi config set --secret --path`), or the decrypted string the engine passes
 * the program. A plain string in the file is refused, so a key never sits in git unencrypted.
 */
export const secretField = z
    .union([z.string(), z.strictObject({ secure: z.string() })], {
        error: "must be a secret — set it with `pulumi config set --secret --path 'continuum:spec.<path>' <value>`",
    })
    .transform((v) => (typeof v === "string" ? SecretValue.plain(v) : SecretValue.encrypted()));

/** Parse-time context: whether plain strings are acceptable for secret fields. */
export interface SecretMode {
    /** The engine decrypted the config (inside a Pulumi program): plain strings are expected. */
    decrypted: boolean;
}
