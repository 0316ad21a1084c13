"""The site's Python: loading and validation (content), Markdown (render), MkDocs glue
(hooks), the mkdocs-macros module (define_env, below) and the CLI (cli)."""


def define_env(env):
    """mkdocs-macros entry point: macros for hand-written pages that show data.

    The data is loaded once per build by hooks.on_config; macros only read it.
    What they return is Markdown built from escaped YAML text, never re-rendered by Jinja.
    """
    from . import site
    from .gaps import find_gaps
    from .render import gaps, matrix, policy, register

    def content():
        return site.current.content

    @env.macro
    def principles_overview():
        return policy.principles_overview(content())

    @env.macro
    def four_questions():
        return policy.four_questions(content())

    @env.macro
    def policy_document():
        return policy.policy_document(content())

    @env.macro
    def principle_count():
        return len(content().principles)

    @env.macro
    def register_table():
        from .render import overview
        return overview.page_body(content(), 1)

    @env.macro
    def principle_matrix():
        return matrix.principle_matrix(content())

    @env.macro
    def gaps_list():
        today = content().today  # the date the build validated against
        return gaps.gaps_page(content(), find_gaps(content(), today), today)

    @env.macro
    def open_data_fields():
        from .render import opendata
        return opendata.fields_table(content().root / "registry" / "schema.json")

    @env.macro
    def open_data_api():
        """The static API's addresses (macros/api.py), each with an example and its schema."""
        from .render import opendata
        return opendata.api_table(content())

    @env.macro
    def open_data_derived_columns():
        """The columns of registry.csv/.xlsx that are worked out from the fields."""
        from . import opendata
        from .render import markup as m
        return m.table(["Kolonne", "Indhold"], [[f"`{column.name}`", m.text(column.description)]
                                               for _, column in opendata.derived_columns(content().organisations)])

    @env.macro
    def record_form():
        """The record form's data and mount point (the page /register/ny/)."""
        from .render import record_form as form
        return form.form_html(content(), content().today)

    @env.macro
    def publisher_contact(topic: str = ""):
        """The publisher's contact from settings.yml; the repository's issues when none is given."""
        from .render import publisher
        return publisher.contact(content(), topic)

    @env.macro
    def publisher_name():
        return content().settings["publisher"]["name"]

    @env.macro
    def print_running_heads():
        """Title, edition, date and address on every printed sheet of the whole policy."""
        from .render import editions, printing
        return printing.running_heads(content(), editions.policy_edition(site.current.editions, content()))

    @env.macro
    def policy_edition():
        """Which edition the current policy is, in words (the print page says it under its title)."""
        from .render import editions
        return editions.policy_edition(site.current.editions, content())
