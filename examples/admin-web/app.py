"""The admin screens of a field-service product, as a Flask app on the `vastuu` library.

Every worker process opens the one shared store (SQLite in shared mode, or PostgreSQL) after the
fork; the library catches up with the other workers' change sets before each call, so every
worker answers from the same directory. Errors of the library are shown on the page.

Run with gunicorn (see ``gunicorn.conf.py`` and the README): ``VASTUU_STORE`` names the store, a
SQLite file path or a PostgreSQL connection string (``postgresql://...`` or ``host=... dbname=...``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from typing import Any, Callable
from urllib.parse import urlencode

import vastuu as v
from flask import Flask, Response, abort, flash, g, redirect, render_template, request, url_for
from texts import LANGUAGES, text

PAGE_ROWS = 25
PAGE_COLUMNS = 12
LIST_ROWS = 50

_directory: v.Directory | None = None
_directory_pid = 0


def is_postgres(store: str) -> bool:
    """Whether ``store`` is a PostgreSQL connection string (a URL or ``host=... dbname=...``)."""
    return store.startswith(("postgres://", "postgresql://")) or "dbname=" in store or "host=" in store


def open_store(store: str) -> v.Directory:
    """The directory kept in ``store``: a PostgreSQL database (in the schema ``ADMIN_WEB_SCHEMA``,
    by default the library's), else a SQLite file opened shared."""
    if is_postgres(store):
        schema = os.environ.get("ADMIN_WEB_SCHEMA")
        return v.Directory.open_postgres(store, schema=schema, writer=f"admin-web-{os.getpid()}")
    return v.Directory.open_sqlite(store, shared=True)


def directory() -> v.Directory:
    """This worker's directory, opened on first use in the worker process (never across a fork)."""
    global _directory, _directory_pid
    if _directory is None or _directory_pid != os.getpid():
        _directory = open_store(os.environ["VASTUU_STORE"])
        _directory_pid = os.getpid()
    return _directory


class FormError(Exception):
    """A form value the app cannot pass to the library (such as a number that is not one)."""


def _int(value: str | None, label: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise FormError(f"{label}: {value!r} {t('not_a_number')}") from None


def lang() -> str:
    chosen = request.cookies.get("lang", "fi")
    return chosen if chosen in LANGUAGES else "fi"


def t(key: str) -> str:
    return text(lang(), key)


def export_language() -> v.Language:
    return v.Language(lang())


def number_in(form: Any, name: str) -> int:
    """A number the page itself put in a form or link; anything else is a bad request (400)."""
    value = form.get(name, "")
    if not value.isdigit():
        abort(400)
    return int(value)


def subject_of(code: str) -> v.CustomerId | v.ProjectId:
    """``c12`` is customer 12, ``p34`` project 34."""
    if len(code) < 2 or code[0] not in "cp" or not code[1:].isdigit():
        abort(400)
    return (v.CustomerId if code[0] == "c" else v.ProjectId)(int(code[1:]))


def code_of(subject: v.CustomerId | v.ProjectId) -> str:
    return ("c" if isinstance(subject, v.CustomerId) else "p") + str(int(subject))


def back(default: str) -> Response:
    target = request.form.get("back") or default
    # Only paths of this app.
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


def library_call(action: Callable[[], Any], done: str | None = None) -> bool:
    """Runs ``action``; a library error becomes a message on the next page. Whether it worked."""
    try:
        action()
    except v.ConflictError:
        flash(t("busy"), "error")
        return False
    except (v.VastuuError, FormError) as e:
        flash(str(e), "error")
        return False
    if done:
        flash(done, "ok")
    return True


def create_app() -> Flask:
    app = Flask(__name__)
    app.secret_key = os.environ.get("ADMIN_WEB_SECRET", "vastuu-admin-web-demo")

    @app.before_request
    def _open() -> None:
        g.dir = directory()

    @app.after_request
    def _worker(response: Response) -> Response:
        response.headers["X-Worker"] = str(os.getpid())
        return response

    @app.context_processor
    def _helpers() -> dict[str, Any]:
        return {"t": t, "lang": lang(), "languages": LANGUAGES, "worker": os.getpid(), "code_of": code_of}

    @app.errorhandler(v.VastuuError)
    def _library_error(e: v.VastuuError) -> tuple[str, int]:
        # A read that the library refused (e.g. an unknown id in a link): a page, not a 500.
        return render_template("error.html", message=str(e)), 404 if isinstance(e, v.NotFoundError) else 400

    @app.errorhandler(ValueError)
    @app.errorhandler(OverflowError)
    def _bad_value(e: Exception) -> tuple[str, int]:
        # A hand-made link with an id out of range, say: a bad request, with its reason.
        return render_template("error.html", message=str(e)), 400

    @app.get("/")
    def index() -> Response:
        return redirect(url_for("matrix"))

    @app.get("/lang/<code>")
    def set_language(code: str) -> Response:
        response = redirect(request.referrer or url_for("matrix"))
        if code in LANGUAGES:
            response.set_cookie("lang", code, samesite="Lax")
        return response

    _matrix_routes(app)
    _group_routes(app)
    _special_routes(app)
    _list_routes(app)
    _handover_routes(app)
    return app


# ---- the responsibility matrix ---------------------------------------------------------------


def _choices(d: v.Directory) -> dict[str, Any]:
    """The filters' choices, as (value, label) pairs: special groups appear under the customer
    group menu (value ``s`` and the id), as the product has them."""
    return {
        "options": {
            "group": [(str(int(x.id)), x.name) for x in d.customer_groups()]
            + [(f"s{int(x.id)}", f"{x.name} ({t('special_group').lower()})") for x in d.special_groups()],
            "team": [(str(int(x.id)), x.name) for x in d.teams()],
            "employee": [(str(int(x.id)), x.name) for x in d.employees()],
            "role": [(str(int(x.id)), f"{x.name} ({t('project').lower() if x.scope == v.RoleScope.PROJECT else t('customer').lower()})") for x in d.roles()],
        }
    }


def _customer_filter(args: Any) -> v.CustomerFilter:
    """The customer filter of a screen's query: group (``none``: no group; ``s12``: special
    group 12), salesperson, search text, archived."""
    group = args.get("group", "")
    kwargs: dict[str, Any] = {}
    if group == "none":
        kwargs["no_group"] = True
    elif group.startswith("s") and group[1:].isdigit():
        kwargs["special_groups"] = [v.SpecialGroupId(int(group[1:]))]
    elif group.isdigit():
        kwargs["groups"] = [v.CustomerGroupId(int(group))]
    if args.get("salesperson", "").isdigit():
        kwargs["salesperson"] = v.EmployeeId(int(args["salesperson"]))
    if args.get("q", "").strip():
        kwargs["text"] = args["q"].strip()
    if args.get("archived"):
        kwargs["archived"] = v.ArchivedFilter.INCLUDE
    return v.CustomerFilter(**kwargs)


def _matrix_query(args: Any) -> dict[str, Any]:
    query: dict[str, Any] = {
        "customers": _customer_filter(args),
        "include_projects": bool(args.get("projects")),
        "by_role": bool(args.get("by_role")),
    }
    if args.get("team", "").isdigit():
        query["teams"] = [v.TeamId(int(args["team"]))]
    if args.get("employee", "").isdigit():
        query["employees"] = [v.EmployeeId(int(args["employee"]))]
    if args.get("role", "").isdigit():
        query["role"] = v.RoleId(int(args["role"]))
    return query


def _offset(name: str) -> int:
    value = request.args.get(name, "0")
    return int(value) if value.isdigit() else 0


def _matrix_routes(app: Flask) -> None:
    @app.get("/matrix")
    def matrix() -> str:
        d: v.Directory = g.dir
        rows, columns = _offset("rows"), _offset("columns")
        m = d.matrix(
            **_matrix_query(request.args),
            rows=v.Page(rows, PAGE_ROWS),
            columns=v.Page(columns, PAGE_COLUMNS),
        )
        cells = {(c.row, c.column): c for c in m.cells}
        args = {k: val for k, val in request.args.items() if k not in ("rows", "columns")}
        return render_template(
            "matrix.html",
            m=m,
            cells=cells,
            args=args,
            rows=rows,
            columns=columns,
            page_rows=PAGE_ROWS,
            page_columns=PAGE_COLUMNS,
            here=request.full_path,
            query=urlencode(args),
            **_choices(d),
        )

    @app.post("/matrix/toggle")
    def toggle() -> Response:
        d: v.Directory = g.dir
        subject = subject_of(request.form.get("subject", ""))
        employee = v.EmployeeId(number_in(request.form, "employee"))
        library_call(lambda: d.toggle(subject, employee))
        return back(url_for("matrix"))

    @app.get("/matrix/role")
    def role_form() -> str:
        d: v.Directory = g.dir
        subject = subject_of(request.args.get("subject", ""))
        employee = d.employee(v.EmployeeId(number_in(request.args, "employee")))
        scope = v.RoleScope.CUSTOMER if isinstance(subject, v.CustomerId) else v.RoleScope.PROJECT
        name = d.customer(subject).name if isinstance(subject, v.CustomerId) else d.project(subject).name
        roles = [r for r in d.roles() if r.scope == scope]
        return render_template(
            "role.html",
            subject=code_of(subject),
            subject_name=name,
            employee=employee,
            roles=roles,
            back=request.args.get("back", url_for("matrix")),
        )

    @app.post("/matrix/role")
    def add_role() -> Response:
        d: v.Directory = g.dir
        subject = subject_of(request.form.get("subject", ""))
        employee = v.EmployeeId(number_in(request.form, "employee"))
        role = v.RoleId(int(request.form["role"])) if request.form.get("role", "").isdigit() else None
        if role is None:
            flash(t("role"), "error")
        else:
            library_call(lambda: d.add_role(subject, employee, role))
        return back(url_for("matrix"))

    @app.get("/matrix.xlsx")
    def matrix_excel() -> Response:
        data = g.dir.export_matrix(**_matrix_query(request.args), language=export_language())
        return _xlsx(data, "matrix")


def _xlsx(data: bytes, name: str) -> Response:
    return Response(
        bytes(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


# ---- customer groups ----------------------------------------------------------------------------


def _group_form_values(form: Any) -> dict[str, Any]:
    """The group form as the library's keyword arguments (values passed on as entered, so that
    the library's own checks speak)."""
    return {
        "name": form.get("name", ""),
        "numbering_start": _int(form.get("numbering_start"), t("numbering_start")),
        "numbering_end": _int(form.get("numbering_end"), t("numbering_end")),
        "ledger_account": form.get("ledger_account", "").strip() or None,
        "cost_centers": [line.strip() for line in form.get("cost_centers", "").splitlines() if line.strip()],
        "salespeople": [v.EmployeeId(int(x)) for x in form.getlist("salespeople") if x.isdigit()],
        "customers": [v.CustomerId(int(x)) for x in form.getlist("customers") if x.isdigit()],
        "move_customers": bool(form.get("move_customers")),
    }


def _group_routes(app: Flask) -> None:
    @app.get("/groups")
    def groups() -> str:
        d: v.Directory = g.dir
        tab = request.args.get("tab", "active")
        listings = []
        if tab in ("active", "prospects"):
            for group in [*(x.id for x in d.customer_groups()), None]:
                listing = d.customer_listing(group, active=v.Page(0, 50), prospects=v.Page(0, 50))
                listings.append(listing)
        counts = {c.group: c for c in d.group_counts()}
        return render_template(
            "groups.html", tab=tab, listings=listings, groups=d.customer_groups(), counts=counts
        )

    @app.route("/groups/new", methods=["GET", "POST"])
    @app.route("/groups/<int:group_id>", methods=["GET", "POST"])
    def group_form(group_id: int | None = None) -> Any:
        d: v.Directory = g.dir
        group = d.customer_group(v.CustomerGroupId(group_id)) if group_id is not None else None
        if request.method == "POST":
            ok = library_call(lambda: _save_group(d, group), t("saved"))
            if ok:
                return redirect(url_for("groups", tab="groups"))
            values = request.form
        elif group is not None:
            members = d.group_customers(group.id)
            values = {
                "name": group.name,
                "numbering_start": group.numbering_start or "",
                "numbering_end": group.numbering_end or "",
                "ledger_account": group.ledger_account or "",
                "cost_centers": "\n".join(group.cost_centers),
                "salespeople": [str(int(e)) for e in group.salespeople],
                "customers": [str(int(c)) for c in members],
            }
        else:
            values = {}
        getlist = values.getlist if hasattr(values, "getlist") else (lambda k: values.get(k, []))
        return render_template(
            "group_form.html",
            group=group,
            values=values,
            chosen_salespeople=set(getlist("salespeople")),
            chosen_customers=set(getlist("customers")),
            employees=d.employees(),
            customers=d.customers(),
            group_names={x.id: x.name for x in d.customer_groups()},
        )

    @app.post("/groups/<int:group_id>/delete")
    def delete_group(group_id: int) -> Response:
        library_call(lambda: g.dir.delete_customer_group(v.CustomerGroupId(group_id)), t("deleted"))
        return redirect(url_for("groups", tab="groups"))

    @app.get("/groups/<int:group_id>.xlsx")
    def group_excel(group_id: int) -> Response:
        data = g.dir.export_group_customers(v.CustomerGroupId(group_id), language=export_language())
        return _xlsx(data, f"group-{group_id}")

    @app.get("/customers/<int:customer_id>")
    def customer(customer_id: int) -> str:
        d: v.Directory = g.dir
        c = d.customer(v.CustomerId(customer_id))
        return render_template(
            "customer.html",
            c=c,
            groups=d.customer_groups(),
            group_names={x.id: x.name for x in d.customer_groups()},
            special_names={x.id: x.name for x in d.special_groups()},
            people=d.responsible_persons_of(c.id),
            projects=d.projects_of(c.id),
        )

    @app.post("/customers/<int:customer_id>/group")
    def move_customer(customer_id: int) -> Response:
        d: v.Directory = g.dir
        c = v.CustomerId(customer_id)
        target = request.form.get("group", "")
        if target.isdigit():
            library_call(lambda: d.move_customer_to_group(v.CustomerGroupId(int(target)), c), t("saved"))
        else:
            library_call(lambda: d.remove_customer_from_group(c), t("saved"))
        return redirect(url_for("customer", customer_id=customer_id))


def _save_group(d: v.Directory, group: v.CustomerGroup | None) -> None:
    values = _group_form_values(request.form)
    if group is None:
        d.create_customer_group(values.pop("name"), **values)
    else:
        d.update_customer_group(group.id, **values)


# ---- special groups -----------------------------------------------------------------------------


def _special_routes(app: Flask) -> None:
    @app.get("/special")
    def special() -> str:
        d: v.Directory = g.dir
        rows = [(s, len(d.special_group_customers(s.id))) for s in d.special_groups()]
        return render_template("special.html", rows=rows)

    @app.route("/special/new", methods=["GET", "POST"])
    @app.route("/special/<int:group_id>", methods=["GET", "POST"])
    def special_form(group_id: int | None = None) -> Any:
        d: v.Directory = g.dir
        group = d.special_group(v.SpecialGroupId(group_id)) if group_id is not None else None
        if request.method == "POST":
            form = request.form
            values = {
                "description": form.get("description", "").strip() or None,
                "customers": [v.CustomerId(int(x)) for x in form.getlist("customers") if x.isdigit()],
            }

            def save() -> None:
                if group is None:
                    d.create_special_group(form.get("name", ""), **values)
                else:
                    d.update_special_group(group.id, name=form.get("name", ""), **values)

            if library_call(save, t("saved")):
                return redirect(url_for("special"))
            chosen = set(form.getlist("customers"))
            name, description = form.get("name", ""), form.get("description", "")
        elif group is not None:
            chosen = {str(int(c)) for c in d.special_group_customers(group.id)}
            name, description = group.name, group.description or ""
        else:
            chosen, name, description = set(), "", ""
        return render_template(
            "special_form.html",
            group=group,
            name=name,
            description=description,
            chosen=chosen,
            customers=d.customers(),
        )

    @app.post("/special/<int:group_id>/delete")
    def delete_special(group_id: int) -> Response:
        library_call(lambda: g.dir.delete_special_group(v.SpecialGroupId(group_id)), t("deleted"))
        return redirect(url_for("special"))

    @app.get("/special/<int:group_id>.xlsx")
    def special_excel(group_id: int) -> Response:
        data = g.dir.export_special_group_customers(v.SpecialGroupId(group_id), language=export_language())
        return _xlsx(data, f"special-group-{group_id}")


# ---- the responsible-persons list ---------------------------------------------------------------


def _list_query(args: Any) -> dict[str, Any]:
    query: dict[str, Any] = {"customers": _customer_filter(args), "include_projects": bool(args.get("projects"))}
    if args.get("employee", "").isdigit():
        query["employees"] = [v.EmployeeId(int(args["employee"]))]
    return query


def _list_routes(app: Flask) -> None:
    @app.get("/list")
    def persons() -> str:
        d: v.Directory = g.dir
        offset = _offset("offset")
        page = d.responsible_persons(**_list_query(request.args), page=v.Page(offset, LIST_ROWS))
        args = {k: val for k, val in request.args.items() if k != "offset"}
        return render_template(
            "list.html",
            page=page,
            offset=offset,
            page_rows=LIST_ROWS,
            args=args,
            query=urlencode(args),
            **_choices(d),
        )

    @app.get("/list.xlsx")
    def persons_excel() -> Response:
        data = g.dir.export_responsible_persons(**_list_query(request.args), language=export_language())
        return _xlsx(data, "responsible-persons")

    @app.get("/customers.xlsx")
    def customers_excel() -> Response:
        data = g.dir.export_customers(customers=_customer_filter(request.args), language=export_language())
        return _xlsx(data, "customers")


# ---- handover -----------------------------------------------------------------------------------


def _handover_plan(d: v.Directory, form: Any) -> v.HandoverPlan:
    from_ = v.EmployeeId(number_in(form, "from"))
    to = v.EmployeeId(number_in(form, "to"))
    mode = v.HandoverMode.ADD if form.get("mode") == "add" else v.HandoverMode.REPLACE
    effective_text = form.get("effective", "").strip()
    try:
        effective = datetime.date.fromisoformat(effective_text) if effective_text else None
    except ValueError:
        raise FormError(f"{t('effective')}: {effective_text!r}") from None
    return d.plan_handover(from_, to, mode=mode, effective=effective)


def _digest(plan: v.HandoverPlan) -> str:
    """What the preview showed, as a digest: applying re-plans and compares (any worker may
    take the apply, and a plan is not taken back from the browser)."""
    return hashlib.sha256(json.dumps(plan.to_dict(), sort_keys=True, default=str).encode()).hexdigest()


def _handover_routes(app: Flask) -> None:
    @app.route("/handover", methods=["GET", "POST"])
    def handover() -> Any:
        d: v.Directory = g.dir
        plan = None
        form = request.form if request.method == "POST" else {}
        if request.method == "POST":
            holder: list[v.HandoverPlan] = []
            if not library_call(lambda: holder.append(_handover_plan(d, form))):
                return redirect(url_for("handover"))
            plan = holder[0]
            if form.get("apply"):
                if form.get("digest") != _digest(plan):
                    flash(t("stale"), "error")
                elif library_call(lambda: d.apply_handover(plan), t("applied")):
                    return redirect(url_for("handover"))
        return render_template(
            "handover.html",
            plan=plan,
            digest=_digest(plan) if plan else "",
            form=form,
            employees=d.employees(),
            names={e.id: e.name for e in d.employees()},
            customer_names={c.id: c.name for c in d.customers()} if plan else {},
            group_names={x.id: x.name for x in d.customer_groups()},
        )


app = create_app()
