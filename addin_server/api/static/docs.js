// A small renderer for our OpenAPI document: no CDN, no framework (the page's CSP allows only
// scripts from this server). Lists every operation with its parameters, body and responses.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function resolve(spec, node) {
  let seen = 0;
  while (node && node.$ref && seen++ < 20) {
    node = node.$ref.replace(/^#\//, "").split("/").reduce((o, k) => (o ? o[k] : undefined), spec);
  }
  return node || {};
}

// A compact, JSON-like outline of a schema with $refs expanded (cycles cut).
function outline(spec, schema, depth = 0, stack = []) {
  if (schema && schema.$ref) {
    if (stack.includes(schema.$ref) || depth > 8) return schema.$ref.split("/").pop();
    return outline(spec, resolve(spec, schema), depth, stack.concat(schema.$ref));
  }
  schema = schema || {};
  const pad = "  ".repeat(depth + 1);
  const nullable = schema.nullable ? " | null" : "";
  if (schema.type === "object" || schema.properties) {
    const required = new Set(schema.required || []);
    const lines = Object.entries(schema.properties || {}).map(([name, prop]) =>
      `${pad}${name}${required.has(name) ? "" : "?"}: ${outline(spec, prop, depth + 1, stack)}`);
    if (schema.additionalProperties && typeof schema.additionalProperties === "object" && !lines.length) {
      return `{ [key]: ${outline(spec, schema.additionalProperties, depth + 1, stack)} }${nullable}`;
    }
    return lines.length ? `{\n${lines.join(",\n")}\n${"  ".repeat(depth)}}${nullable}` : `object${nullable}`;
  }
  if (schema.type === "array") return `[${outline(spec, schema.items, depth, stack)}]${nullable}`;
  let text = schema.type || "any";
  if (schema.format) text += ` (${schema.format})`;
  if (schema.enum) text += ` ∈ {${schema.enum.join(", ")}}`;
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    text += ` [${schema.minimum ?? ""}..${schema.maximum ?? ""}]`;
  }
  return text + nullable;
}

function render(spec) {
  document.getElementById("title").textContent = `${spec.info.title} ${spec.info.version}`;
  document.getElementById("description").textContent = spec.info.description || "";
  const toc = document.getElementById("toc");
  const main = document.getElementById("operations");
  main.textContent = "";
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const id = `${method}-${path}`.replace(/[^\w-]+/g, "_");
      toc.append(el("a", { href: `#${id}` }, `${method.toUpperCase()} ${path}`));
      const section = el("section", { class: "op", id },
        el("h2", {}, el("span", { class: `method ${method}` }, method), " ", el("code", {}, path)),
        el("p", {}, [op.summary, op.description].filter(Boolean).join(" — ")));
      const params = (op.parameters || []).concat(item.parameters || []).map((p) => resolve(spec, p));
      if (params.length) {
        const table = el("table", {}, el("tr", {}, el("th", {}, "参数"), el("th", {}, "位置"), el("th", {}, "类型")));
        for (const p of params) {
          table.append(el("tr", {}, el("td", {}, p.name + (p.required ? "" : "?")), el("td", {}, p.in),
            el("td", {}, outline(spec, p.schema))));
        }
        section.append(el("h3", {}, "参数 / parameters"), table);
      }
      if (op.requestBody) {
        for (const [type, media] of Object.entries(op.requestBody.content || {})) {
          section.append(el("h3", {}, `请求体 / body (${type})`), el("pre", {}, outline(spec, media.schema)));
        }
      }
      section.append(el("h3", {}, "响应 / responses"));
      for (const [status, response] of Object.entries(op.responses || {})) {
        const r = resolve(spec, response);
        section.append(el("p", {}, el("strong", {}, status), " ", r.description || ""));
        for (const [type, media] of Object.entries(r.content || {})) {
          section.append(el("pre", {}, `${type}\n${outline(spec, media.schema)}`));
        }
      }
      main.append(section);
    }
  }
}

fetch("/api/openapi.json")
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then(render)
  .catch((err) => { document.getElementById("operations").textContent = `无法加载 OpenAPI 文档：${err.message}`; });
