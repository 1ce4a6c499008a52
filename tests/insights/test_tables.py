"""A table shows its first rows on the dashboard and all of them on the public page and in
the CSV, so a table with a row per project does not grow the page with the programme."""

from django.template.loader import render_to_string

from proeftuin.insights.tables import SHOWN_ROWS, Table


def table(rows: int) -> Table:
    return Table(
        key="proef",
        caption="Proef",
        headers=["Proefproject", "Kost"],
        rows=[[f"Project {n}", n] for n in range(1, rows + 1)],
    )


def test_it_shows_the_first_rows_on_the_dashboard_and_says_how_many_are_in_the_csv() -> None:
    html = render_to_string(
        "insights/partials/table.html",
        {"table": table(SHOWN_ROWS + 3), "csv_url_name": "insights:csv", "query": ""},
    )

    assert f">Project {SHOWN_ROWS}<" in html
    assert f">Project {SHOWN_ROWS + 1}<" not in html
    assert "En nog 3 rijen, in de CSV." in html


def test_it_shows_a_short_table_whole_without_a_remark() -> None:
    html = render_to_string(
        "insights/partials/table.html",
        {"table": table(SHOWN_ROWS), "csv_url_name": "insights:csv", "query": ""},
    )

    assert f">Project {SHOWN_ROWS}<" in html
    assert "En nog" not in html


def test_it_shows_every_row_where_there_is_no_csv() -> None:
    html = render_to_string("insights/partials/table.html", {"table": table(SHOWN_ROWS + 3)})

    assert f">Project {SHOWN_ROWS + 3}<" in html
    assert "En nog" not in html
