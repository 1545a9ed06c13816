"""Frameworks users and organisations define: folders, `frameworks new/install/remove/export`,
the API round trip; and a framework the product has never seen, made from aspect lines only."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from addin_server.checks import check
from addin_server.config import Settings
from addin_server.catalogue import load_problems
from addin_server.checks.recognise import recognise
from addin_server.frameworks import (FrameworkError, get_framework, install_framework,
                                     list_frameworks, remove_framework)
from addin_server.frameworks import registry
from addin_server.frameworks.build import aspect_lines, build_framework
from addin_server.model import Document

NOTICE = """（一）带头树立和践行正确政绩观方面；
（二）带头深化理论武装、筑牢信仰之基方面；

3. 带头密切联系群众、践行初心使命
四、带头严守纪律规矩、保持清正廉洁方面。
"""

MATERIAL_2026 = ["2026年度民主生活会个人对照检查材料", "现将个人对照检查情况报告如下。", "一、存在的问题",
                 "（一）政绩观方面", "一是重显绩轻潜绩，对打基础的工作投入不够。二是考核指标层层加码。",
                 "（二）理论武装、信仰之基方面", "一是学习浮于表面。二是学用脱节。",
                 "（三）在密切联系群众方面", "一是下基层次数少。二是解决群众诉求慢。",
                 "（四）纪律规矩方面", "一是请示报告不规范。二是廉洁要求有所放松。",
                 "二、原因剖析", "一是党性修养有所放松。", "三、整改措施", "一是加强理论学习。"]


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """A user config dir and an organisation folder of our own, read afresh by the registry."""
    user = tmp_path / "config"
    org = tmp_path / "share"
    org.mkdir()
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(user))
    registry.use_settings(Settings(frameworks_dir=str(org)))
    yield user / "frameworks", org
    registry.use_settings(None)


def test_aspect_lines_as_notices_print_them():
    assert aspect_lines(NOTICE) == ["带头树立和践行正确政绩观方面", "带头深化理论武装、筑牢信仰之基方面",
                                    "带头密切联系群众、践行初心使命", "带头严守纪律规矩、保持清正廉洁方面"]


def test_a_framework_never_seen_made_from_aspect_lines_recognises_shortened_headings(folders):
    fw = build_framework("2026年度民主生活会", [NOTICE])
    assert fw.year == 2026 and len(fw.dimensions) == 4 and fw.meeting_type == "民主生活会"
    assert {s.role for s in fw.sections if s.required} == {"problems", "causes", "measures"}
    installed = install_framework(fw)
    assert installed.origin == "user" and Path(installed.path).parent == folders[0]
    document = Document.from_texts(MATERIAL_2026)
    rec = recognise(document)
    assert rec.framework.id == fw.id and rec.fits and rec.matched == 4, rec.reason
    report = check(document)
    assert all(d.present for d in report.dimensions) and report.framework_id == fw.id


def test_folders_load_beside_the_shipped_ones_and_a_broken_file_is_listed(folders):
    user, org = folders
    good = build_framework("某单位组织生活会", ["理论学习情况", "作风建设情况", "担当作为情况"],
                           meeting_type="组织生活会", framework_id="org-zuzhi")
    (org / "org.toml").write_text(registry.framework_toml(good), encoding="utf-8")
    (org / "broken.toml").write_text('id = "x"\ntitle = "坏的"\n', encoding="utf-8")
    (org / "bad-toml.toml").write_text("id = [", encoding="utf-8")
    registry.use_settings(Settings(frameworks_dir=str(org)))
    origins = {f.id: f.origin for f in list_frameworks()}
    assert origins["org-zuzhi"] == "organisation" and origins["nianhui-2025"] == "shipped"
    problems = {Path(p.path).name: p.message for p in load_problems()}
    assert set(problems) == {"broken.toml", "bad-toml.toml"}
    assert problems["broken.toml"].startswith("broken.toml:") and "is required" in problems["broken.toml"]
    # A user file cannot take an organisation's or the package's id.
    with pytest.raises(FrameworkError, match="id"):
        install_framework(good)
    with pytest.raises(FrameworkError, match="只能删除个人框架"):
        remove_framework("nianhui-2025")


def test_a_missing_organisation_folder_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(tmp_path / "c"))
    registry.use_settings(Settings(frameworks_dir=str(tmp_path / "nowhere")))
    try:
        assert "nianhui-2025" in {f.id for f in list_frameworks()}
    finally:
        registry.use_settings(None)


def test_an_organisation_pins_its_default(folders):
    registry.use_settings(Settings(frameworks_dir=str(folders[1]), default_framework="zhuti-2023"))
    report = check(Document.from_texts(MATERIAL_2026))
    assert report.framework_id == "zhuti-2023" and report.recognition is None


# ---- CLI -----------------------------------------------------------------------------------

def cli(*args, env_dir):
    env = {**os.environ, "ADDIN_SERVER_CONFIG_DIR": str(env_dir),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "addin_server", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_cli_new_install_list_export_remove(tmp_path):
    config = tmp_path / "config"
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    out = cli("frameworks", "new", "2026年度民主生活会", "--from-text", str(notice), "--id", "mine-2026",
              "-o", str(tmp_path / "mine.toml"), env_dir=config)
    assert out.returncode == 0, out.stderr
    assert "政绩观" in out.stdout          # the names a heading may use are shown
    out = cli("frameworks", "install", str(tmp_path / "mine.toml"), env_dir=config)
    assert out.returncode == 0, out.stderr
    listing = cli("frameworks", env_dir=config).stdout
    assert "mine-2026" in listing and "[个人]" in listing and "[内置]" in listing
    out = cli("frameworks", "new", "组织生活会（本支部）", "--aspect", "（一）理论学习方面",
              "--aspect", "2.作风建设", "--meeting", "组织生活会", "--install", env_dir=config)
    assert out.returncode == 0, out.stderr
    data = json.loads(cli("frameworks", "--format", "json", env_dir=config).stdout)
    assert {f["origin"] for f in data} == {"shipped", "user"}
    assert cli("frameworks", "install", str(tmp_path / "mine.toml"), env_dir=config).returncode == 2
    assert cli("frameworks", "export", "mine-2026", "-o", str(tmp_path / "shared.toml"),
               env_dir=config).returncode == 0
    assert "带头树立和践行正确政绩观" in (tmp_path / "shared.toml").read_text(encoding="utf-8")
    removed = cli("frameworks", "remove", "mine-2026", env_dir=config)
    assert removed.returncode == 0 and "mine-2026" not in cli("frameworks", env_dir=config).stdout
    refused = cli("frameworks", "remove", "nianhui-2025", env_dir=config)
    assert refused.returncode == 2 and "个人框架" in refused.stderr
    assert cli("frameworks", "new", "空", "-o", str(tmp_path / "x.toml"), env_dir=config).returncode == 2


def test_cli_check_auto_prints_the_reason(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    import materials as M

    path = tmp_path / "m.docx"
    path.write_bytes(M.build_docx(M.complete()))
    out = cli("check", str(path), env_dir=tmp_path / "c")
    assert "识别：按文中标题识别为2023年主题教育专题民主生活会" in out.stdout
    data = json.loads(cli("check", str(path), "--format", "json", "--framework", "auto",
                          env_dir=tmp_path / "c").stdout)
    assert data["recognition"]["framework"] == "zhuti-2023"
    named = json.loads(cli("check", str(path), "--format", "json", "--framework", "zhuti-2023",
                           env_dir=tmp_path / "c").stdout)
    assert named["recognition"] is None


# ---- API -----------------------------------------------------------------------------------

BASE = "https://localhost:3000"


def test_api_draft_save_list_check_delete(folders):
    from addin_server.app import create_app

    org = folders[1]
    app = create_app(Settings(frameworks_dir=str(org)))
    client = app.test_client()
    draft = client.post("/api/framework-drafts", json={"title": "2026年度民主生活会", "aspects": [NOTICE]},
                        base_url=BASE)
    assert draft.status_code == 200, draft.get_data(as_text=True)
    body = draft.get_json()
    assert len(body["dimensions"]) == 4 and "政绩观" in body["dimensions"][0]["names"]
    assert not list(folders[0].glob("*.toml")) if folders[0].exists() else True   # a draft is not saved
    saved = client.post("/api/frameworks", json={"title": "2026年度民主生活会", "aspects": [NOTICE],
                                                 "id": "api-2026"}, base_url=BASE)
    assert saved.status_code == 201 and saved.get_json()["origin"] == "user"
    again = client.post("/api/frameworks", json={"title": "2026年度民主生活会", "aspects": [NOTICE],
                                                 "id": "api-2026"}, base_url=BASE)
    assert again.status_code == 409
    listing = client.get("/api/frameworks", base_url=BASE).get_json()
    assert listing["check_default"] == "auto"
    assert {f["id"]: f["origin"] for f in listing["frameworks"]}["api-2026"] == "user"
    paragraphs = [{"text": t} for t in MATERIAL_2026]
    report = client.post("/api/check", json={"paragraphs": paragraphs}, base_url=BASE).get_json()
    assert report["framework"] == "api-2026" and report["recognition"]["fits"]
    # From the document's own headings.
    from_doc = client.post("/api/framework-drafts", json={"title": "按文中标题", "paragraphs": paragraphs},
                           base_url=BASE).get_json()
    assert [d["title"] for d in from_doc["dimensions"]][0] == "政绩观方面"
    bad = client.post("/api/framework-drafts", json={"title": "x", "aspects": []}, base_url=BASE)
    assert bad.status_code == 400 and "aspects" in bad.get_json()["error"]["fields"]
    assert client.delete("/api/frameworks/nianhui-2025", base_url=BASE).status_code == 409
    assert client.delete("/api/frameworks/api-2026", base_url=BASE).status_code == 200
    assert client.get("/api/frameworks/api-2026", base_url=BASE).status_code == 404
    # Nothing of the document was written: the only file is gone with the framework.
    assert not list(folders[0].glob("*.toml"))


# ---- remedies for any framework ------------------------------------------------------------

def test_a_made_framework_gets_remedies_by_theme_and_they_render(folders):
    from addin_server.remedies import list_remedies, rank_remedies
    from addin_server.render.remedies import Selection, render_remedies

    fw = install_framework(build_framework("2026年度民主生活会", [NOTICE], framework_id="themed-2026"))
    by_aspect = {d.key: list_remedies(fw.id, d.key) for d in fw.dimensions}
    assert all(4 <= len(r) <= 8 for r in by_aspect.values()), {k: len(v) for k, v in by_aspect.items()}
    first = {k: v[0] for k, v in by_aspect.items()}
    assert "政绩观" in first["aspect1"].title                       # 树立和践行正确政绩观
    assert any(w in first["aspect2"].title for w in ("学", "读", "第一议题"))   # 理论武装
    assert "群众" in first["aspect3"].title                         # 密切联系群众
    assert all(r.framework_id == fw.id and r.dimension == "aspect4" for r in by_aspect["aspect4"])
    ranked = rank_remedies(fw, "aspect3", ["到基层听取群众意见的次数少，群众反映的问题跟进不及时"])
    assert ranked[0].score > 0
    data = render_remedies(fw, [Selection("aspect1", first["aspect1"].id)])
    assert data[:2] == b"PK"


def test_remedies_of_an_aspect_are_not_accepted_for_another(folders):
    from addin_server.remedies.library import UnknownRemedyError, applicable_remedy

    fw = get_framework("nianhui-2025")
    own = applicable_remedy(fw, "party_spirit", "nianhui-2025.ps-eight-rules")
    assert own.dimension == "party_spirit"
    with pytest.raises(UnknownRemedyError, match="不属于"):
        applicable_remedy(fw, "political_loyalty", "nianhui-2025.ps-eight-rules")


def test_remedy_files_in_the_folders_are_used_and_a_broken_one_is_listed(folders):
    from addin_server.remedies import list_remedies

    user, org = folders
    fw = install_framework(build_framework("2026年度民主生活会", [NOTICE], framework_id="own-2026"))
    (user / "own-2026-remedies.toml").write_text('''framework = "own-2026"

[parameters."完成时限"]
type = "str"
label = "完成时限"
default = "年底"

[[remedies]]
id = "merit-ledger"
dimension = "aspect1"
title = "建立实绩台账"
text = "把每项重点任务的实绩记入台账，{{完成时限}}前对照群众评价复盘一次。"
parameters = ["完成时限"]
keywords = ["政绩观", "实绩", "台账"]
''', encoding="utf-8")
    (org / "bad-remedies.toml").write_text('framework = "nope"\n[[remedies]]\nid = "x"\n', encoding="utf-8")
    registry.reload()
    own = list_remedies(fw.id, "aspect1")
    assert [r.id for r in own] == ["own-2026.merit-ledger"]          # its own, not borrowed
    assert len(list_remedies(fw.id, "aspect2")) >= 4                   # the others by theme
    problems = {Path(p.path).name: p.message for p in load_problems()}
    assert "bad-remedies.toml" in problems and "framework" in problems["bad-remedies.toml"]
    assert "own-2026" in {f.id for f in list_frameworks()}              # the remedy file is no framework


def test_cli_a_material_no_framework_fits_becomes_one(tmp_path):
    # The check says no known framework fits and how to make one of the material's own headings;
    # the framework made that way then recognises the material, every aspect present.
    sys.path.insert(0, str(Path(__file__).parent))
    import materials as M

    path = tmp_path / "我的 材料.docx"   # a space: the suggested command quotes it
    path.write_bytes(M.build_docx([(t, None) for t in MATERIAL_2026]))
    config = tmp_path / "c"
    said = cli("check", str(path), env_dir=config).stdout
    assert "对不上已知框架" in said
    assert f'--from-docx "{path}" --install' in said
    out = cli("frameworks", "new", "2026年度民主生活会（本单位）", "--from-docx", str(path), "--id", "ours-2026",
              "--install", env_dir=config)
    assert out.returncode == 0, out.stderr
    data = json.loads(cli("check", str(path), "--format", "json", env_dir=config).stdout)
    assert data["recognition"]["framework"] == "ours-2026"
    assert all(d["present"] for d in data["dimensions"]) and len(data["dimensions"]) == 4
    missing = cli("frameworks", "new", "x", "--from-docx", str(tmp_path / "无.docx"), "--install", env_dir=config)
    assert missing.returncode == 2 and "不存在" in missing.stderr
