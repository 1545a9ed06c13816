// HTTP calls to the local server (same origin as the pane). Every failure becomes an ApiError whose
// message is plain Chinese and says what to do.

export class ApiError extends Error {
  constructor(message, { status = 0, code = "", fields = {} } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

const CONNECTION_HELP =
  "无法连接本机的对照检查服务。服务在登录电脑时自动启动：请重新登录电脑后重试，" +
  "仍不行时请管理员按安装说明启动服务。如果刚安装过，请先按说明信任本机证书，再重新打开本窗格。";

// Server messages are "中文 / English"; the pane shows the Chinese half.
export function chinesePart(message) {
  const text = String(message ?? "");
  const cut = text.indexOf(" / ");
  return cut > 0 ? text.slice(0, cut) : text;
}

// Field paths (selections.0.params.deadline) are for programs; the forms show each message at
// its field, and the notice repeats the messages alone.
function describeFields(fields) {
  const messages = Object.values(fields ?? {}).flatMap((m) => [].concat(m));
  return [...new Set(messages)].join("；");
}

export function createApi({ baseUrl = "", fetchImpl = (...args) => globalThis.fetch(...args) } = {}) {
  async function request(method, path, { json, form } = {}) {
    const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (json !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(json);
    } else if (form !== undefined) {
      init.body = form;
    }
    let response;
    try {
      response = await fetchImpl(baseUrl + path, init);
    } catch {
      throw new ApiError(CONNECTION_HELP, { code: "network" });
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body?.error ?? {};
      let message = chinesePart(error.message) || `服务返回错误（状态码 ${response.status}），请稍后重试`;
      const detail = describeFields(error.fields);
      if (detail) message += `\n${detail}`;
      if (response.status === 413) message += "\n文件或文档过大，请拆分后再试。";
      throw new ApiError(message, { status: response.status, code: error.code ?? "", fields: error.fields ?? {} });
    }
    if (body === null) throw new ApiError("服务返回的内容无法识别，请升级或重启服务后重试。", { status: response.status });
    return body;
  }

  /** A multipart form with the file, the framework and any list fields ({codes: [...]}). */
  function uploadForm(file, framework, extra = {}) {
    const form = new FormData();
    form.append("file", file, file.name || "document.docx");
    if (framework) form.append("framework", framework);
    for (const [name, value] of Object.entries(extra)) {
      for (const item of [].concat(value)) form.append(name, String(item));
    }
    return form;
  }

  /** The fields of /api/fill/docx and /api/fill/docx/plan. */
  function fillForm(file, { framework, addMissing = false, parts = [], remedies = [] } = {}) {
    const form = new FormData();
    form.append("file", file, file.name || "document.docx");
    if (framework) form.append("framework", framework);
    form.append("add_missing", addMissing ? "true" : "false");
    for (const part of parts) form.append("parts", part);
    for (const remedy of remedies) form.append("remedy", remedy);
    return form;
  }

  return {
    health: () => request("GET", "/healthz"),
    frameworks: () => request("GET", "/api/frameworks"),
    /** Every finding code: {codes: [{code, severity, description}]}. */
    codes: () => request("GET", "/api/check/codes"),
    framework: (id) => request("GET", `/api/frameworks/${encodeURIComponent(id)}`),
    draftFramework: (payload) => request("POST", "/api/framework-drafts", { json: payload }),
    saveFramework: (payload) => request("POST", "/api/frameworks", { json: payload }),
    deleteFramework: (id) => request("DELETE", `/api/frameworks/${encodeURIComponent(id)}`),
    check: (framework, paragraphs) => request("POST", "/api/check", { json: { framework, paragraphs } }),
    checkDocx: (file, framework) => request("POST", "/api/check/docx", { form: uploadForm(file, framework) }),
    /** GB/T 9704 format findings of an uploaded .docx: {findings}. */
    lintFormat: (file, framework) => request("POST", "/api/lint/format", { form: uploadForm(file, framework) }),
    /** The upload back with a Word comment at each finding: {filename, base64}. */
    annotatedDocx: (file, framework, { includeFormat = false } = {}) =>
      request("POST", "/api/check/docx/annotated", {
        form: uploadForm(file, framework, includeFormat ? { include_format: "true" } : {}),
      }),
    /**
     * The upload with fixes applied: every safe one, those of `codes`, or exactly `edits`
     * ([{paragraph, start, end, replacement}]): {filename, base64, applied, skipped}.
     */
    fixedDocx(file, framework, { codes = null, edits = null } = {}) {
      const extra = edits ? { edits: JSON.stringify(edits) } : codes ? { codes } : {};
      return request("POST", "/api/check/docx/fixed", { form: uploadForm(file, framework, extra) });
    },
    scaffold: (options) => request("POST", "/api/scaffold", { json: options }),
    remedies: (query = "") => request("GET", `/api/remedies${query}`),
    rankRemedies: (payload) => request("POST", "/api/remedies/rank", { json: payload }),
    renderRemedies: (payload) => request("POST", "/api/remedies/render", { json: payload }),
    fillPlan: (payload) => request("POST", "/api/fill/plan", { json: payload }),
    /** The uploaded .docx with missing parts and remedies inserted: {filename, base64}. */
    fillDocx: (file, fields = {}) => request("POST", "/api/fill/docx", { form: fillForm(file, fields) }),
    /** What fillDocx would insert where (and the typed numbers it would change): the plan. */
    fillDocxPlan: (file, fields = {}) => request("POST", "/api/fill/docx/plan", { form: fillForm(file, fields) }),
  };
}
