from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xiaoneng.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        # The login page lists the demo accounts in demo mode; accounts sits
        # below demo in the layers, so the list is handed down from here.
        from xiaoneng.accounts.login_hints import offer_demo_accounts

        offer_demo_accounts(login_accounts)


def login_accounts() -> list[dict[str, str]]:
    """The demo city's accounts as the login page lists them."""
    from xiaoneng.org.roles import STANDARD_ROLES

    from .city_data import ACCOUNTS

    role_names = {str(role["code"]): str(role["name"]) for role in STANDARD_ROLES}
    return [
        {"username": username, "name": name, "role": role_names.get(role, role), "title": title}
        for username, name, role, _dept, title, _position in ACCOUNTS
    ]
