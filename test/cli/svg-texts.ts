import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Every text node of an SVG document (entities decoded by the XML parser); throws when it is not well-formed XML. */
export function svgTexts(svg: string): string[] {
    const valid = XMLValidator.validate(svg);
    if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
    const doc = new XMLParser({
        ignoreAttributes: true,
        processEntities: true,
        htmlEntities: true,
        ignoreDeclaration: true,
    }).parse(svg) as unknown;
    const out: string[] = [];
    const walk = (v: unknown, key = ""): void => {
        if (typeof v === "string" || typeof v === "number") {
            if (key === "text" || key === "#text") out.push(String(v));
        } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
        else if (v && typeof v === "object")
            for (const [k, x] of Object.entries(v)) walk(x, k === "#text" ? key || k : k);
    };
    walk(doc);
    return out;
}
