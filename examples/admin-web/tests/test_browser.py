"""The admin screens in a browser: headless Chromium driven by Selenium, against gunicorn with four
worker processes on one shared SQLite store. What the browser changes is checked through the
other workers (plain HTTP requests, several at a time so that every worker answers) and through
the store itself."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import requests
import vastuu as v
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver, WebElement
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

import demo  # noqa: E402

WORKERS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, store: Path | str, schema: str | None = None) -> None:
        self.store = store
        self.url = f"http://127.0.0.1:{free_port()}"
        env = dict(os.environ, VASTUU_STORE=str(store), ADMIN_WEB_BIND=self.url.removeprefix("http://"))
        if schema:
            env["ADMIN_WEB_SCHEMA"] = schema
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app"],
            cwd=HERE,
            env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.url + "/matrix", timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def everywhere(self, path: str, check: Callable[[str], bool], cookies: dict[str, str] | None = None) -> set[str]:
        """GETs ``path`` several at a time until every worker has answered, each answer passing
        ``check``; the workers that answered."""
        seen: set[str] = set()
        with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
            for _ in range(40):
                for r in pool.map(lambda _: requests.get(self.url + path, cookies=cookies, timeout=30), range(16)):
                    assert r.status_code == 200, r.text[:500]
                    assert check(r.text), f"worker {r.headers['X-Worker']} answered otherwise"
                    seen.add(r.headers["X-Worker"])
                if len(seen) == WORKERS:
                    return seen
        raise AssertionError(f"only workers {seen} answered")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="admin-web-"))
    store = folder / "demo.sqlite"
    demo.create(str(store))
    s = Server(store)
    yield s
    s.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    profile = tempfile.mkdtemp(prefix="admin-web-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def store(server: Server) -> Iterator[v.Directory]:
    """The store as a directory of its own: what the workers wrote, read from outside them."""
    d = v.Directory.open_sqlite(server.store, shared=True)
    yield d
    d.close()


def screenshot(driver: WebDriver, name: str) -> None:
    folder = os.environ.get("ADMIN_WEB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(Path(folder) / name))


def click(driver: WebDriver, element: WebElement) -> None:
    """Clicks a link or a submit button and waits for the page it leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    # While the old document is being replaced, Chromium may answer a question about its element
    # with an "inspector error" instead of "stale": ask again until it is stale.
    WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(staleness_of(page))


def message(driver: WebDriver) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, ".message.error").text)


def cell_state(html: str, cell_id: str) -> str:
    """``on`` or ``off``: the class of the matrix cell ``cell_id`` in a page's HTML."""
    at = html.index(f'id="{cell_id}"')
    start = html.rindex("<td", 0, at)
    return "on" if 'class="on"' in html[start:at] else "off"


def first_off_cell(driver: WebDriver) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, "#matrix td.off").get_attribute("id"))


def test_finnish_by_default_swedish_and_english_selectable(server: Server, browser: WebDriver) -> None:
    browser.delete_all_cookies()
    browser.get(server.url + "/matrix")
    assert browser.find_element(By.ID, "nav-matrix").text == "Vastuut"
    click(browser, browser.find_element(By.ID, "lang-sv"))
    assert browser.find_element(By.ID, "nav-matrix").text == "Ansvar"
    click(browser, browser.find_element(By.ID, "lang-en"))
    assert browser.find_element(By.ID, "nav-matrix").text == "Responsibilities"
    click(browser, browser.find_element(By.ID, "lang-fi"))
    assert browser.find_element(By.ID, "nav-matrix").text == "Vastuut"


def test_a_click_on_a_matrix_cell_toggles_and_every_worker_sees_it(
    server: Server, browser: WebDriver, store: v.Directory
) -> None:
    browser.get(server.url + "/matrix")
    screenshot(browser, "matrix.png")
    cell = first_off_cell(browser)
    _, code, employee = cell.split("-")
    subject: v.CustomerId | v.ProjectId = v.CustomerId(int(code[1:]))
    click(browser, browser.find_element(By.CSS_SELECTOR, f"#{cell} button"))
    assert "on" in str(browser.find_element(By.ID, cell).get_attribute("class"))
    server.everywhere("/matrix", lambda html: cell_state(html, cell) == "on")
    store.sync()
    assert store.responsibility(subject, v.EmployeeId(int(employee))) is not None

    click(browser, browser.find_element(By.CSS_SELECTOR, f"#{cell} button"))
    assert "off" in str(browser.find_element(By.ID, cell).get_attribute("class"))
    server.everywhere("/matrix", lambda html: cell_state(html, cell) == "off")
    store.sync()
    assert store.responsibility(subject, v.EmployeeId(int(employee))) is None


def test_toggles_from_many_clients_at_once_are_all_kept(server: Server, store: v.Directory) -> None:
    # Sixteen cells toggled at the same time through all the workers: the workers' change sets
    # meet in the store; each is retried on a conflict, none is lost.
    page = requests.get(server.url + "/matrix", timeout=30).text
    cells = [part.split('"')[0] for part in page.split('class="off" id="')[1:]][:16]
    assert len(cells) == 16

    def toggle(cell: str) -> int:
        _, code, employee = cell.split("-")
        form = {"subject": code, "employee": employee}
        return requests.post(server.url + "/matrix/toggle", data=form, timeout=60, allow_redirects=False).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert set(pool.map(toggle, cells)) == {302}
    store.sync()
    for cell in cells:
        _, code, employee = cell.split("-")
        assert store.responsibility(v.CustomerId(int(code[1:])), v.EmployeeId(int(employee))) is not None
    server.everywhere("/matrix", lambda html: all(cell_state(html, c) == "on" for c in cells))


def test_plus_adds_a_role_and_by_role_shows_it(server: Server, browser: WebDriver, store: v.Directory) -> None:
    browser.get(server.url + "/matrix")
    cell = first_off_cell(browser)
    _, code, employee = cell.split("-")
    click(browser, browser.find_element(By.CSS_SELECTOR, f"#{cell} a.plus"))
    role = Select(browser.find_element(By.NAME, "role"))
    role_name = role.first_selected_option.text
    click(browser, browser.find_element(By.CSS_SELECTOR, "#role-form button"))
    assert "on" in str(browser.find_element(By.ID, cell).get_attribute("class"))
    store.sync()
    held = store.responsibility(v.CustomerId(int(code[1:])), v.EmployeeId(int(employee)))
    assert held is not None and [store.role(r).name for r in held.roles] == [role_name]
    browser.get(server.url + "/matrix?by_role=1")
    assert browser.find_element(By.CSS_SELECTOR, f"#{cell} button").text == role_name


def test_moving_a_customer_between_groups(server: Server, browser: WebDriver, store: v.Directory) -> None:
    store.sync()
    customer = next(c for c in store.customers() if c.group is not None and not c.archived)
    target = next(g for g in store.customer_groups() if g.id != customer.group)
    browser.get(f"{server.url}/customers/{int(customer.id)}")
    Select(browser.find_element(By.NAME, "group")).select_by_value(str(int(target.id)))
    click(browser, browser.find_element(By.CSS_SELECTOR, "#move-form button"))
    assert browser.find_element(By.ID, "customer-group").text == target.name
    store.sync()
    assert store.customer(customer.id).group == target.id
    tab = "active" if customer.status == v.CustomerStatus.ACTIVE else "prospects"
    marker = f'data-group="{int(target.id)}"'

    def listed_under_target(html: str) -> bool:
        section = html[html.index(marker) :]
        section = section[: section.index("</section>")]
        return f"/customers/{int(customer.id)}\"" in section

    server.everywhere(f"/groups?tab={tab}", listed_under_target)


def download(server: Server, browser: WebDriver, link_id: str | None = None, href: str | None = None) -> Any:
    """Reads back the workbook behind a link of the page (as the browser would download it, with
    its cookies)."""
    if href is None:
        assert link_id is not None
        href = str(browser.find_element(By.ID, link_id).get_attribute("href"))
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    r = requests.get(href, cookies=cookies, timeout=60)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0]


def test_every_export_downloads_and_reads_back(server: Server, browser: WebDriver, store: v.Directory) -> None:
    store.sync()
    browser.get(server.url + "/list")
    total = int(browser.find_element(By.ID, "list-total").text)
    sheet = download(server, browser, "list-excel")
    assert sheet.max_row == total + 1
    finnish_header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    not_archived = [c for c in store.customers() if not c.archived]  # as the list, unless "Archived"
    assert download(server, browser, "customers-excel").max_row == len(not_archived) + 1

    click(browser, browser.find_element(By.ID, "lang-sv"))
    swedish = download(server, browser, "list-excel")
    assert [c.value for c in next(swedish.iter_rows(max_row=1))] != finnish_header
    click(browser, browser.find_element(By.ID, "lang-fi"))

    browser.get(server.url + "/matrix")
    matrix = download(server, browser, "matrix-excel")
    assert matrix.max_row > 1

    browser.get(server.url + "/groups?tab=groups")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#groups a.excel")]
    assert len(links) == len(store.customer_groups())
    for group, href in zip(store.customer_groups(), links):
        assert download(server, browser, href=str(href)).max_row == len(store.group_customers(group.id)) + 1

    browser.get(server.url + "/special")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#special-groups a.excel")]
    assert len(links) == len(store.special_groups())
    for special, href in zip(store.special_groups(), links):
        rows = download(server, browser, href=str(href)).max_row
        assert rows == len(store.special_group_customers(special.id)) + 1


def fill_group_form(browser: WebDriver, fields: dict[str, str], customers: tuple[v.CustomerId, ...] = ()) -> None:
    for name, value in fields.items():
        element = browser.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)
    chooser = Select(browser.find_element(By.NAME, "customers"))
    for c in customers:
        chooser.select_by_value(str(int(c)))
    click(browser, browser.find_element(By.ID, "save"))


def expected_message(store: v.Directory, call: Callable[[v.Directory], object]) -> str:
    """The library's message for ``call`` on the same directory (inside a transaction rolled
    back, so the store is left as it is)."""
    with pytest.raises(v.VastuuError) as refused:
        with store.transaction():
            call(store)
    return str(refused.value)


BAD_GROUPS: dict[str, tuple[dict[str, str], Callable[[v.Directory], object]]] = {
    "an empty name": ({"name": ""}, lambda d: d.create_customer_group("")),
    "a numbering start of 0": (
        {"name": "Nollaryhmä", "numbering_start": "0"},
        lambda d: d.create_customer_group("Nollaryhmä", numbering_start=0),
    ),
    "five cost centers": (
        {"name": "Viisikko", "cost_centers": "K1\nK2\nK3\nK4\nK5"},
        lambda d: d.create_customer_group("Viisikko", cost_centers=["K1", "K2", "K3", "K4", "K5"]),
    ),
}


@pytest.mark.parametrize("case", list(BAD_GROUPS))
def test_bad_group_input_shows_the_library_s_message_and_changes_nothing(
    server: Server, browser: WebDriver, store: v.Directory, case: str
) -> None:
    fields, call = BAD_GROUPS[case]
    store.sync()
    before, want = store.last_seq, expected_message(store, call)
    browser.get(server.url + "/groups/new")
    fill_group_form(browser, fields)
    assert message(browser) == want
    assert browser.find_element(By.NAME, "name").get_attribute("value") == fields["name"]  # kept for correcting
    store.sync()
    assert store.last_seq == before


def test_a_customer_already_in_another_group_is_refused(
    server: Server, browser: WebDriver, store: v.Directory
) -> None:
    store.sync()
    taken = next(c for c in store.customers() if c.group is not None)
    want = expected_message(store, lambda d: d.create_customer_group("Uusi ryhmä", customers=[taken.id]))
    before = store.last_seq
    browser.get(server.url + "/groups/new")
    fill_group_form(browser, {"name": "Uusi ryhmä"}, (taken.id,))
    assert message(browser) == want
    screenshot(browser, "group-form.png")
    store.sync()
    assert store.last_seq == before
    assert store.customer(taken.id).group == taken.group
    assert "Uusi ryhmä" not in [g.name for g in store.customer_groups()]


def test_a_group_made_and_deleted_through_the_form(server: Server, browser: WebDriver, store: v.Directory) -> None:
    store.sync()
    free = tuple(c.id for c in store.customers() if c.group is None)[:2]
    browser.get(server.url + "/groups/new")
    fill_group_form(browser, {"name": "Pohjanmaa", "numbering_start": "7000", "cost_centers": "PO1\nPO2"}, free)
    assert not browser.find_elements(By.CSS_SELECTOR, ".message.error"), message(browser)
    store.sync()
    made = next(g for g in store.customer_groups() if g.name == "Pohjanmaa")
    assert (made.numbering_start, made.cost_centers) == (7000, ("PO1", "PO2"))
    assert sorted(store.group_customers(made.id)) == sorted(free)
    row = browser.find_element(By.CSS_SELECTOR, f'#groups tr[data-group="{int(made.id)}"]')
    click(browser, row.find_element(By.TAG_NAME, "button"))
    store.sync()
    assert "Pohjanmaa" not in [g.name for g in store.customer_groups()]
    assert all(store.customer(c).group is None for c in free)  # back under "No group"


def test_handover_preview_then_apply(server: Server, browser: WebDriver, store: v.Directory) -> None:
    store.sync()
    active = [e for e in store.employees() if e.active]
    giver = max(active, key=lambda e: len(store.responsibilities_held_by(e.id)))
    taker = next(e for e in active if e.id != giver.id)
    before = store.last_seq
    browser.get(server.url + "/handover")
    Select(browser.find_element(By.NAME, "from")).select_by_value(str(int(giver.id)))
    Select(browser.find_element(By.NAME, "to")).select_by_value(str(int(taker.id)))
    click(browser, browser.find_element(By.ID, "preview"))
    steps = int(browser.find_element(By.ID, "step-count").text)
    assert steps > 0
    store.sync()
    assert store.last_seq == before  # the preview wrote nothing
    held_before = len(store.responsibilities_held_by(giver.id))
    assert held_before > 0
    click(browser, browser.find_element(By.ID, "apply"))
    assert browser.find_elements(By.CSS_SELECTOR, ".message.ok")
    store.sync()
    assert len(store.responsibilities_held_by(giver.id)) < held_before


def test_four_workers_on_postgresql(browser: WebDriver) -> None:
    dsn = os.environ.get("VASTUU_POSTGRES_DSN")
    if not dsn:
        if os.environ.get("CI") == "true":
            pytest.fail("VASTUU_POSTGRES_DSN is not set (scripts/postgres.sh starts a server)")
        pytest.skip("no PostgreSQL server: VASTUU_POSTGRES_DSN is not set")
    schema = f"admin_web_{os.getpid()}"
    os.environ["ADMIN_WEB_SCHEMA"] = schema
    try:
        demo.create(dsn)
    finally:
        del os.environ["ADMIN_WEB_SCHEMA"]
    server = Server(dsn, schema)
    own = v.Directory.open_postgres(dsn, schema=schema)
    try:
        assert len(own.customers()) == 120  # the demo data, imported
        browser.get(server.url + "/matrix")
        cell = first_off_cell(browser)
        _, code, employee = cell.split("-")
        click(browser, browser.find_element(By.CSS_SELECTOR, f"#{cell} button"))
        server.everywhere("/matrix", lambda html: cell_state(html, cell) == "on")
        own.sync()
        assert own.responsibility(v.CustomerId(int(code[1:])), v.EmployeeId(int(employee))) is not None
    finally:
        own.close()
        server.stop()


def test_filters_projects_and_search_narrow_the_matrix(server: Server, store: v.Directory) -> None:
    store.sync()
    group = store.customer_groups()[0]
    members = {int(c) for c in store.group_customers(group.id) if not store.customer(c).archived}
    page = requests.get(f"{server.url}/matrix?group={int(group.id)}&rows=0", timeout=30).text
    assert f"<span id=\"row-total\">{len(members)}</span>" in page
    shown = {int(part.split('"')[0]) for part in page.split('<th><a href="/customers/')[1:]}
    assert shown and shown <= members

    plain = requests.get(server.url + "/matrix", timeout=30).text
    with_projects = requests.get(server.url + "/matrix?projects=1", timeout=30).text
    assert 'class="project' not in plain and 'class="project' in with_projects

    wanted = next(c for c in store.customers() if not c.archived)
    found = requests.get(server.url + "/matrix", params={"q": wanted.name}, timeout=30).text
    assert f'<th><a href="/customers/{int(wanted.id)}">' in found


def test_the_list_links_to_the_customer_card(server: Server, browser: WebDriver) -> None:
    browser.get(server.url + "/list")
    link = browser.find_element(By.CSS_SELECTOR, "#list tbody td a")
    name = link.text
    click(browser, link)
    assert name.endswith(browser.find_element(By.ID, "customer-name").text.split(" ", 1)[-1])
    assert "/customers/" in browser.current_url


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/customers/999999", None),
        ("get", "/groups/4294967296", None),
        ("get", "/matrix/role?subject=c1&employee=abc", None),
        ("get", "/matrix/role?subject=x1&employee=1", None),
        ("post", "/matrix/toggle", {"subject": "c1", "employee": "99999"}),
        ("post", "/matrix/toggle", {"subject": "c1"}),
        ("post", "/handover", {"from": "1", "to": "1"}),
        ("post", "/handover", {"from": "1", "to": "2", "effective": "ensi vuonna"}),
    ],
)
def test_bad_requests_get_a_message_never_a_500(
    server: Server, store: v.Directory, method: str, path: str, data: dict[str, str] | None
) -> None:
    store.sync()
    before = store.last_seq
    r = requests.request(method, server.url + path, data=data, timeout=30)
    assert r.status_code in (200, 400, 404), r.text[:300]
    if r.status_code == 200:  # followed a redirect to a page with the message
        assert 'class="message error"' in r.text
    store.sync()
    assert store.last_seq == before
