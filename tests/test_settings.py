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


def test_another_publisher_changes_name_logo_colours_and_contact_everywhere(site_copy, tmp_path):
    """A fork changes settings.yml and gets its own name, logo, colours and contact on every page."""
    path = site_copy / "settings.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in [("name: KOMBIT – AI-politik og AI-register", "name: Testkommunens AI-register"),
                     ("name: KOMBIT A/S", "name: Testkommune"), ("short_name: KOMBIT", "short_name: TK"),
                     ("url: https://www.kombit.dk/", "url: https://www.testkommune.example/"),
                     ("logo: docs/assets/logo.svg", "logo: docs/assets/testkommune.svg"),
                     ('primary: "#1d3b5c"', 'primary: "#5a1d3b"'),
                     ("  # contact:\n  #   address: Gade 1, 1234 By\n  #   email: kontakt@example.dk\n  #   phone: +45 12 34 56 78",
                      "  contact:\n    address: Rådhuspladsen 9, 9999 Testby\n    email: ai@testkommune.example\n"
                      "    phone: +45 99 99 99 99")]:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    (site_copy / "docs" / "assets" / "testkommune.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>', encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 30
    for built in pages:
        page = html(out, str(built.relative_to(out)))
        where = built.relative_to(out)
        if page.title and page.title.get_text() == "Siden er flyttet":
            continue  # a former address (macros/render/redirects.py): a bare redirect, no site around it
        footer = page.select_one("footer .md-copyright")
        assert "Udgivet af Testkommune" in footer.get_text(" ", strip=True), where
        assert "KOMBIT A/S" not in footer.get_text(" ", strip=True), where
        if not page.select_one("meta[http-equiv=refresh]"):  # redirects for former addresses have no header
            logo = page.select_one("header .md-logo img")
            assert logo["alt"] == "Testkommune" and logo["src"].endswith("assets/testkommune.svg"), where
            assert page.select_one("link[rel=icon]")["href"].endswith("assets/testkommune.svg"), where
            assert page.select_one("header .md-header__topic").get_text(strip=True) == "Testkommunens AI-register", where
    assert "--md-primary-fg-color: #5a1d3b;" in (out / "stylesheets" / "udgiver.css").read_text(encoding="utf-8")
    about = html(out, "om").select_one("article").get_text(" ", strip=True)
    for fact in ["Testkommune", "Rådhuspladsen 9, 9999 Testby", "ai@testkommune.example", "+45 99 99 99 99"]:
        assert fact in about, fact
    statement = html(out, "om/tilgaengelighed").select_one("article")
    assert statement.select_one("a[href='mailto:ai@testkommune.example']")


def test_without_contact_details_the_pages_point_to_the_repository(site):
    for page in ["om", "om/tilgaengelighed", "om/privatliv"]:
        article = html(site, page).select_one("article")
        text = article.get_text(" ", strip=True)
        assert "har ikke oplyst adresse, e-mail eller telefon" in text, page
        assert not article.select("a[href^='mailto:']") and "Telefon:" not in text, page
        assert article.select_one("a[href^='https://github.com/ai-politik/ai-politik-site/issues/new']"), page


def test_a_missing_logo_is_reported(site_copy):
    path = site_copy / "settings.yml"
    text = path.read_text(encoding="utf-8").replace("logo: docs/assets/logo.svg", "logo: docs/assets/mangler.svg")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  logo: docs/assets/mangler.svg") + 1
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr, "settings.yml", line, "publisher.logo", "filen 'docs/assets/mangler.svg' findes ikke")
