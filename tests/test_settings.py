"""settings.yml: the site's name and addresses in one place, checked like the content."""
from __future__ import annotations

from conftest import assert_reported, html, mkdocs_build, validate


def test_the_name_and_repository_come_from_settings(site_copy, tmp_path):
    path = site_copy / "settings.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: KOMBIT – AI-politik og AI-register", "name: Testkommunens AI-register")
    text = text.replace("https://github.com/ai-politik/ai-politik-site", "https://github.com/testkommune/ai-register")
    path.write_text(text.replace("repo_branch: main", "repo_branch: udgivet"), encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    page = html(out, "register/ai-tolk-beskaeftigelse-koebenhavn")
    assert page.title.get_text().endswith("Testkommunens AI-register")
    edit = page.select_one("a.md-content__button[href*='/edit/']")
    assert edit["href"] == "https://github.com/testkommune/ai-register/edit/udgivet/registry/ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"
    report = page.find("a", string="Rapportér en fejl i denne registrering")
    assert report["href"].startswith("https://github.com/testkommune/ai-register/issues/new?")
    assert "KOMBIT – AI-politik og AI-register" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_mistake_in_settings_is_reported_like_any_other(site_copy):
    path = site_copy / "settings.yml"
    text = path.read_text(encoding="utf-8").replace("url: https://ai-politik.example.dk/", "url: ai-politik.example.dk")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  url: ai-politik.example.dk") + 1
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr, "settings.yml", line, "site.url", "'ai-politik.example.dk' har forkert form")
    path.unlink()
    result = validate(site_copy)
    assert_reported(result.stderr, "settings.yml", 1, "", "filen mangler")
