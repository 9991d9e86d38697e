/**
 * The secrets kubeadm joins with: a bootstrap token (`<id>.<secret>`) and the certificate key the
 * control-plane certificates are uploaded under. Generated once per stack, secret in state.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { randomKey } from "../../random-key";

/** The generated join secrets of one kubeadm cluster. */
export interface KubeadmJoinSecrets {
    /** The token's id (the public half, `[a-z0-9]{6}`). */
    tokenId: pulumi.Output<string>;
    /** The whole bootstrap token `<id>.<secret>` (secret). */
    bootstrapToken: pulumi.Output<string>;
    /** 32 bytes as hex: the key of the uploaded control-plane certificates (secret). */
    certificateKey: pulumi.Output<string>;
}

/** Declare the join secrets of the cluster component `name`. */
export function declareKubeadmJoinSecrets(name: string, parent: pulumi.Resource): KubeadmJoinSecrets {
    const secret = { parent, additionalSecretOutputs: ["result"] };
    const tokenId = new random.RandomString(`${name}-token-id`, { length: 6, upper: false, special: false }, secret);
    // RandomPassword, not RandomString: the random provider makes a RandomString's value its
    // resource ID, which the state keeps in plain text whatever additionalSecretOutputs says.
    const tokenSecret = new random.RandomPassword(
        `${name}-token-secret`,
        { length: 16, upper: false, special: false },
        secret,
    );
    return {
        tokenId: tokenId.result,
        bootstrapToken: pulumi.secret(pulumi.interpolate`${tokenId.result}.${tokenSecret.result}`),
        // 32 bytes as hex, from a RandomPassword: a RandomBytes' value would be its plain-text ID.
        certificateKey: randomKey(`${name}-certificate-key`, { parent }).hex,
    };
}
