/** sharedSecret: one secret Output per source object, made once. */
import { sharedSecret } from "../../components/hosts/shared-secret";

test("one secret Output per source, its value made once", async () => {
    const source = {};
    let made = 0;
    const make = () => {
        made++;
        return "s3cret";
    };
    const a = sharedSecret(source, make);
    expect(sharedSecret(source, make)).toBe(a);
    expect(sharedSecret({}, make)).not.toBe(a);
    expect(made).toBe(2);
    expect(await (a as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    expect(await (a as unknown as { promise(): Promise<string> }).promise()).toBe("s3cret");
});
