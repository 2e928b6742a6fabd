"""Keyboard-only driving for the browser journeys: Tab to an element, arrow through a
radio group, Space on a checkbox, Enter on a link or button; no clicks anywhere."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import DEMO_PASSWORD, LiveServer


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector)


def tab_to(page: Page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_and_save(page: Page, key: str) -> None:
    """Press `key` and wait for the autosave it triggers to come back saved."""
    with page.expect_response(lambda r: r.url.endswith("/answers")
                              and r.request.method == "POST") as saved:
        page.keyboard.press(key)
    assert saved.value.status == 200, saved.value.text()
    assert saved.value.json()["status"] == "saved"


def option_id(page: Page, name: str, text: str) -> str:
    """The id of the option of question field `name` whose label shows `text`."""
    return page.locator(f"label:has(input[name='{name}'])", has_text=text) \
        .locator("input").get_attribute("id")


def on_option(page: Page, name: str, text: str) -> bool:
    """Whether the focused element is the option of field `name` labelled with `text`."""
    return page.evaluate("""([name, text]) => {
        const el = document.activeElement;
        return !!el && el.name === name && !!el.closest("label")
            && el.closest("label").textContent.includes(text);
    }""", [name, text])


def choose_radio(page: Page, name: str, text: str, *, autosave: bool = True) -> None:
    """Tab into the radio group, then arrow to the option (each arrow checks and saves)."""
    tab_to(page, f"input[name='{name}']")
    press = (lambda key: press_and_save(page, key)) if autosave else page.keyboard.press
    for _ in range(page.locator(f"input[name='{name}']").count()):
        if on_option(page, name, text):
            if not page.evaluate("document.activeElement.checked"):
                press("Space")
            return
        press("ArrowDown")
    raise AssertionError(f"no option {text} in {name}")


def tick_box(page: Page, name: str, text: str) -> None:
    tab_to(page, f"#{option_id(page, name, text)}")
    press_and_save(page, "Space")


def activate(page: Page, selector: str) -> None:
    """Tab to a link or button and press Enter."""
    tab_to(page, selector)
    page.keyboard.press("Enter")


def keyboard_log_in(page: Page, server: LiveServer, employee_no: str,
                    password: str = DEMO_PASSWORD) -> None:
    """The login form by keyboard: Tab to 工号, type, Tab, type the password, Enter."""
    page.goto(server("/login"))
    tab_to(page, "input[name=employee_no]")
    page.keyboard.type(employee_no)
    tab_to(page, "input[name=password]")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(server("/"))
