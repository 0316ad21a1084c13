"""Ids that never collide, and review by the owning organisation (.github/CODEOWNERS)."""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, copy_site, run, validate
from macros.content import load_content
from macros import ids
from macros import codeowners
from macros.scaffold import default_slug

ID = re.compile(ids.schema_pattern())


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.invalid", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def macros_new(root: Path, title: str, owner: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "macros", "--root", str(root), "new", title, "--owner", owner,
                "--category", "administration"], cwd=root)


# --- ids -----------------------------------------------------------------------------------

def test_the_schema_accepts_exactly_the_old_ids_and_the_random_ones():
    schema = json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["id"]["pattern"] == ids.schema_pattern()
    for good in ["AI-0001", "AI-0009", "AI-7K3QZD", "AI-000000", "AI-ZZZZZZ"]:
        assert ID.match(good), good
    for bad in ["AI-001", "AI-00001", "AI-7K3QZI", "AI-7K3QZL", "AI-7K3QZO", "AI-7K3QZU", "AI-7k3qzd", "ai-7K3QZD"]:
        assert not ID.match(bad), bad


def test_a_new_id_is_random_crockford_base32_and_never_a_taken_one():
    rng = random.Random(5)
    first = ids.new_id(set(), random.Random(5))
    assert ID.match(first) and first[3:].isalnum()
    assert ids.new_id({first}, rng) != first  # the taken one is drawn first, and refused
    assert len({ids.new_id(set()) for _ in range(200)}) == 200


def test_a_badly_formed_id_is_explained_in_danish(site_copy):
    path = site_copy / "registry" / "ai-0003-gladgpt-gladsaxe.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: AI-0003", "id: AI-3"), encoding="utf-8")
    result = validate(site_copy)
    assert "registry/ai-0003-gladgpt-gladsaxe.yml:2: id: 'AI-3' har forkert form; skal være et id på formen AI-7K3QZD" \
        in result.stderr


def test_the_default_address_is_the_title_and_the_short_name():
    assert default_slug("GladGPT", "Gladsaxe") == "gladgpt-gladsaxe"
    assert default_slug("Tale til tekst i Thisted", "Thisted") == "tale-til-tekst-i-thisted"
    assert default_slug("Chatbot", None) == "chatbot"
    long = default_slug("x" * 80, "Sønderborg")
    assert long.endswith("-soenderborg") and len(long) <= 60


def test_new_makes_a_random_id_and_the_address_from_title_and_short_name(site_copy):
    result = macros_new(site_copy, "Chatbot til byggesager", "thisted-kommune")
    assert result.returncode == 0, result.stderr
    (made,) = [p for p in (site_copy / "registry").glob("ai-*.yml") if not p.name.startswith(("ai-000",))]
    record = yaml.safe_load(made.read_text(encoding="utf-8"))
    assert ID.match(record["id"]) and not record["id"][3:].isdigit()
    assert record["slug"] == "chatbot-til-byggesager-thisted"
    assert made.name == f"{record['id'].lower()}-chatbot-til-byggesager-thisted.yml"
    assert validate(site_copy).returncode == 0


def test_new_refuses_an_address_that_is_taken(site_copy):
    result = macros_new(site_copy, "GladGPT", "gladsaxe-kommune")
    assert result.returncode == 2
    assert result.stderr.strip() == ("--slug: adressen 'gladgpt-gladsaxe' er allerede brugt i "
                                     "registry/ai-0003-gladgpt-gladsaxe.yml; vælg en anden med --slug")


def test_two_branches_each_adding_a_record_merge_into_a_register_that_validates(tmp_path):
    """The issue's case: two clones of one main, each adds a record with `macros new`, both merge."""
    origin = copy_site(tmp_path / "origin")
    shutil.copy2(ROOT / ".gitattributes", origin / ".gitattributes")
    shutil.copytree(ROOT / ".github", origin / ".github")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "main")
    clones = []
    for name, title, owner in [("a", "Tale til tekst i borgerservice", "thisted-kommune"),
                               ("b", "Chatbot til byggesager", "gladsaxe-kommune")]:
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(origin), name)
        result = macros_new(clone, title, owner)
        assert result.returncode == 0, result.stderr
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", f"Ny registrering: {title}")
        clones.append(clone)
    for clone in clones:  # both pull requests merged into main, one after the other
        git(origin, "pull", "-q", "--no-rebase", "--no-edit", str(clone), "main")
    result = validate(origin)
    assert result.returncode == 0, result.stderr
    assert "11 registreringer" in result.stdout
    content = load_content(origin)
    assert not codeowners.stale(content), (origin / codeowners.FILE).read_text(encoding="utf-8")
    owners = (origin / codeowners.FILE).read_text(encoding="utf-8")
    for record in content.records[-2:]:
        assert f"/{record.source_file} " in owners


# --- CODEOWNERS ----------------------------------------------------------------------------

def test_codeowners_is_up_to_date():
    """Fails when registry/organisations.yml, a record's owner or the editors' team changed without
    `python -m macros codeowners`."""
    assert not codeowners.stale(load_content(ROOT)), "kør python -m macros codeowners"


def test_every_record_falls_to_its_organisations_team_and_the_rest_to_the_editors():
    text = (ROOT / codeowners.FILE).read_text(encoding="utf-8")
    rules = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    assert rules[0] == ["*", "@ai-politik/redaktionen"]
    content = load_content(ROOT)
    owned = {rule[0]: rule[1:] for rule in rules[1:]}
    for record in content.records:
        org = content.organisation_of(record)
        if org is None:
            assert f"/{record.source_file}" not in owned  # no owner named: the editors'
        else:
            assert owned[f"/{record.source_file}"] == [f"@ai-politik/{org.team}", "@ai-politik/redaktionen"]
    assert owned["/registry/ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"][0] == "@ai-politik/koebenhavns-kommune"
    assert set(owned) == {f"/{r.source_file}" for r in content.records if content.organisation_of(r)}


def test_codeowners_goes_stale_when_an_owner_changes_and_the_command_writes_it(site_copy):
    shutil.copytree(ROOT / ".github", site_copy / ".github")
    path = site_copy / "registry" / "ai-0005-digital-indgang-sundhed.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  organisation: ikke oplyst", "  organisation: gladsaxe-kommune"),
                    encoding="utf-8")
    check = run([sys.executable, "-m", "macros", "--root", str(site_copy), "codeowners", "--check"], cwd=site_copy)
    assert check.returncode == 1
    assert check.stderr.strip() == (".github/CODEOWNERS passer ikke til registry/organisations.yml og registreringerne; "
                                    "kør python -m macros codeowners")
    wrote = run([sys.executable, "-m", "macros", "--root", str(site_copy), "codeowners"], cwd=site_copy)
    assert wrote.returncode == 0 and wrote.stdout.strip() == "Skrevet: .github/CODEOWNERS"
    assert "/registry/ai-0005-digital-indgang-sundhed.yml @ai-politik/gladsaxe-kommune @ai-politik/redaktionen" in \
        (site_copy / codeowners.FILE).read_text(encoding="utf-8")
    again = run([sys.executable, "-m", "macros", "--root", str(site_copy), "codeowners", "--check"], cwd=site_copy)
    assert again.returncode == 0, again.stderr


def test_the_editors_team_comes_from_settings(site_copy):
    path = site_copy / "settings.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("editors_team: redaktionen", "editors_team: ai-redaktion"),
                    encoding="utf-8")
    text = codeowners.codeowners_text(load_content(site_copy))
    assert "* @ai-politik/ai-redaktion\n" in text
    assert "/registry/ai-0003-gladgpt-gladsaxe.yml @ai-politik/gladsaxe-kommune @ai-politik/ai-redaktion\n" in text
