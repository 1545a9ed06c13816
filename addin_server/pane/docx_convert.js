// Turn a rendered .docx (base64) into the forms Word's fallback insert methods take: Flat OPC for
// insertOoxml (keeps formatting) and plain HTML for insertHtml (keeps text and heading levels).
// Used only when a host refuses insertFileFromBase64. Pure: no DOM, runs in Node for the tests.

const textDecoder = new TextDecoder("utf-8");

export function base64ToBytes(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes) {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

async function inflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The parts of a ZIP package: Map(name → Uint8Array). Only stored and deflated entries (as .docx). */
export async function readZip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("不是有效的 .docx 文件");
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const parts = new Map();
  for (let n = 0; n < count; n += 1) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new Error("不是有效的 .docx 文件");
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = textDecoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    const dataStart =
      localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const raw = bytes.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith("/")) {
      if (method === 0) parts.set(name, raw);
      else if (method === 8) parts.set(name, await inflateRaw(raw));
      else throw new Error(`不支持的压缩方式 ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

function attribute(tag, name) {
  const match = new RegExp(`${name}="([^"]*)"`).exec(tag);
  return match ? match[1] : null;
}

function contentTypes(parts) {
  const xml = textDecoder.decode(parts.get("[Content_Types].xml") ?? new Uint8Array());
  const defaults = new Map();
  const overrides = new Map();
  for (const tag of xml.match(/<Default\b[^>]*>/g) ?? []) {
    defaults.set(attribute(tag, "Extension")?.toLowerCase(), attribute(tag, "ContentType"));
  }
  for (const tag of xml.match(/<Override\b[^>]*>/g) ?? []) {
    overrides.set(attribute(tag, "PartName"), attribute(tag, "ContentType"));
  }
  return (name) => overrides.get(`/${name}`) ?? defaults.get(name.split(".").pop().toLowerCase()) ?? null;
}

function stripXmlDeclaration(xml) {
  return xml.replace(/^\uFEFF?<\?xml[^>]*\?>\s*/u, "");
}

/** Flat OPC (pkg:package) of a .docx, the format insertOoxml accepts. */
export async function docxToFlatOpc(base64) {
  const parts = await readZip(base64ToBytes(base64));
  const typeOf = contentTypes(parts);
  const out = [
    '<?xml version="1.0" standalone="yes"?>',
    '<?mso-application progid="Word.Document"?>',
    '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">',
  ];
  for (const [name, data] of parts) {
    if (name === "[Content_Types].xml") continue;
    const type = typeOf(name);
    if (!type) continue;
    if (/xml$/.test(type) || name.endsWith(".rels")) {
      out.push(
        `<pkg:part pkg:name="/${name}" pkg:contentType="${type}"><pkg:xmlData>` +
          `${stripXmlDeclaration(textDecoder.decode(data))}</pkg:xmlData></pkg:part>`,
      );
    } else {
      out.push(
        `<pkg:part pkg:name="/${name}" pkg:contentType="${type}" pkg:compression="store">` +
          `<pkg:binaryData>${bytesToBase64(data)}</pkg:binaryData></pkg:part>`,
      );
    }
  }
  out.push("</pkg:package>");
  return out.join("\n");
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function unescapeXml(text) {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]);
}

/** A paragraph's heading level (0: body text): its own outline level, else its style's. */
function headingLevel(paragraphXml, styleId, styles) {
  const outline = /<w:outlineLvl w:val="(\d)"/.exec(paragraphXml);
  if (outline) return Number(outline[1]) + 1;
  const style = styles.get(styleId);
  if (style?.level) return style.level;
  const named = /^(?:heading|标题)\s*(\d)$/i.exec(style?.name ?? styleId);
  return named ? Number(named[1]) : 0;
}

/** styleId → {name, level}, from word/styles.xml (level: the style's outline level + 1, or 0). */
function paragraphStyles(stylesXml) {
  const styles = new Map();
  for (const style of stylesXml.match(/<w:style\b[\s\S]*?<\/w:style>/g) ?? []) {
    const id = /w:styleId="([^"]*)"/.exec(style)?.[1];
    const name = /<w:name w:val="([^"]*)"/.exec(style)?.[1];
    const outline = /<w:outlineLvl w:val="(\d)"/.exec(style);
    if (id) styles.set(id, { name: name ? unescapeXml(name) : id, level: outline ? Number(outline[1]) + 1 : 0 });
  }
  return styles;
}

/**
 * The body paragraphs of a document.xml (and its styles.xml) as [{text, style, headingLevel}]:
 * the text of the runs (tabs kept), the paragraph style's name ("" for the default) and the
 * heading level from the paragraph's or its style's outline level, or a heading style's name
 * (0 for body text).
 */
export function paragraphsFromDocumentXml(documentXml, stylesXml = "") {
  const styles = paragraphStyles(stylesXml);
  const paragraphs = [];
  for (const paragraph of documentXml.match(/<w:p\b[\s\S]*?<\/w:p>/g) ?? []) {
    const text = unescapeXml(
      (paragraph.match(/<w:t\b[^>]*>[^<]*<\/w:t>|<w:tab\/>/g) ?? [])
        .map((run) => (run === "<w:tab/>" ? "\t" : run.replace(/<[^>]+>/g, "")))
        .join(""),
    );
    const styleId = /<w:pStyle w:val="([^"]*)"/.exec(paragraph)?.[1] ?? "";
    const level = headingLevel(paragraph, styleId, styles);
    paragraphs.push({ text, style: styles.get(styleId)?.name ?? styleId, headingLevel: level });
  }
  return paragraphs;
}

/** The paragraphs of a .docx (base64), as paragraphsFromDocumentXml gives them. */
export async function docxParagraphs(base64) {
  const parts = await readZip(base64ToBytes(base64));
  const decode = (name) => textDecoder.decode(parts.get(name) ?? new Uint8Array());
  return paragraphsFromDocumentXml(decode("word/document.xml"), decode("word/styles.xml"));
}

/** The paragraphs of a Flat OPC package (what docxToFlatOpc makes), as docxParagraphs gives them. */
export function flatOpcParagraphs(flatOpc) {
  const part = (name) =>
    new RegExp(`<pkg:part pkg:name="${name}"[^>]*><pkg:xmlData>([\\s\\S]*?)</pkg:xmlData>`).exec(flatOpc)?.[1] ?? "";
  return paragraphsFromDocumentXml(part("/word/document.xml"), part("/word/styles.xml"));
}

/** The document's paragraphs as HTML: <hN> for headings, <p> for the rest (the last-resort insert). */
export async function docxToHtml(base64) {
  const html = [];
  for (const { text, headingLevel: level } of await docxParagraphs(base64)) {
    const tag = level ? `h${Math.min(level, 6)}` : "p";
    html.push(`<${tag}>${escapeHtml(text) || "&nbsp;"}</${tag}>`);
  }
  return html.join("");
}
