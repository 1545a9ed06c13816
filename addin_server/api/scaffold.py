"""POST /api/scaffold: a 对照检查材料 skeleton for a framework, as .docx."""
from __future__ import annotations

from .errors import ApiError
from .parsing import DOCX_RESPONSE_DOC, Blueprint, download_name, framework_field, framework_label, rendered_file
from .schemas import DownloadQuerySchema, ScaffoldFileSchema, ScaffoldRequestSchema
from ..render import scaffold as module

blp = Blueprint("scaffold", __name__, url_prefix="/api/scaffold",
                description="Scaffold (提纲) of a material, rendered as .docx")


@blp.route("", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(ScaffoldRequestSchema)
@blp.response(200, ScaffoldFileSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415)
def scaffold(query, args):
    """生成材料框架 / Render the scaffold as .docx.

    Base64 JSON, or the .docx itself with `?download=1` or a .docx Accept."""
    framework = framework_field(args["framework"])

    options = module.ScaffoldOptions(
        title=args["title"], author=args["author"], position=args["position"],
        items_per_dimension=args["items_per_dimension"],
        optional_sections=tuple(args["optional_sections"]), include_title=args["include_title"])
    try:
        data = module.render_scaffold(framework, options)
        outline = module.outline(framework, options.validated(framework))
    except module.ScaffoldOptionsError as exc:
        raise ApiError(400, "request.invalid", f"框架选项有误，请按各项提示修改 / Invalid scaffold options: {', '.join(exc.errors)}",
                       {name: [message] for name, message in exc.errors.items()}) from None
    return rendered_file(data, download_name(f"对照检查材料框架（{framework_label(framework)}）"),
                         query["download"], outline=list(outline))
