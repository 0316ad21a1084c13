"""The site's Python: loading and validation (content), Markdown (render), MkDocs glue
(hooks), the mkdocs-macros module (define_env, below) and the CLI (cli)."""


def define_env(env):
    """mkdocs-macros entry point: macros for hand-written pages that show data.

    The data is loaded once per build by hooks.on_config; macros only read it.
    What they return is Markdown built from escaped YAML text, never re-rendered by Jinja.
    """
    from . import site
    from .render import policy, register

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
        return register.register_table(content())

    @env.macro
    def record_count():
        return len(content().records)
