"""Timing helpers of the benchmark: medians, milliseconds, every query of a block with its wall
time (``capture``), the bare replay of a page's aggregate queries, and a page measured by them."""

from __future__ import annotations

import contextlib
import statistics
import time

from bench.floors import time_queries


def median(values):
    return statistics.median(values) if values else None


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


class QueryLog:
    """Every query run inside the block: SQL, parameters and wall time."""

    def __init__(self):
        self.queries: list[tuple[str, object, float]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - start))

    @property
    def count(self):
        return len(self.queries)

    @property
    def time(self):
        return sum(q[2] for q in self.queries)


@contextlib.contextmanager
def capture():
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        yield log


def is_aggregate(sql: str) -> bool:
    """The figure queries: COUNT/MAX over tasks or their history (not sessions, users, plans)."""
    return ("COUNT(" in sql or "MAX(" in sql) and ('"tasks_task"' in sql or '"tasks_taskevent"' in sql)


def replay(queries) -> float:
    """Run the same SQL with a plain cursor, fetching every row: the bare database time."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql, params, _ in queries:
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            total += time.perf_counter() - start
    return total


def measure_page(client, url: str, runs: int, *, floor=None, budget_ms: float | None = None, before_each=None) -> dict:
    """Median server time, SQL time and query count of a GET, and the bare SQL of its aggregates.
    `floor`: the page's figures as hand-written SQL (bench/floors.py), a list of (sql, params)
    timed right after the page in each run; the page is then judged ≤ 3 × floor and, with
    `budget_ms`, within its absolute budget. `before_each`: called before each request, untimed
    (emptying the figures cache)."""
    response = client.get(url)  # warm-up (and a check)
    assert response.status_code == 200, (url, response.status_code)
    server, sql, counts, bare, aggregates, floors = [], [], [], [], [], []
    print(f"  {url}", flush=True)
    for _ in range(runs):
        if before_each is not None:
            before_each()
        with capture() as log:
            start = time.perf_counter()
            response = client.get(url)
            server.append(time.perf_counter() - start)
        assert response.status_code == 200
        sql.append(log.time)
        counts.append(log.count)
        figure_queries = [q for q in log.queries if is_aggregate(q[0])]
        aggregates.append(len(figure_queries))
        slowest = sorted(log.queries, key=lambda q: -q[2])[:4]
        bare.append(replay(figure_queries))
        if floor is not None:
            floors.append(time_queries(floor))
    page = median(server)
    bare_median = median(bare)
    limit = 2 * bare_median + 0.020
    return {
        "url": url,
        "server_ms": ms(page),
        "sql_ms": ms(median(sql)),
        "queries": sorted(set(counts)),
        "aggregate_queries": sorted(set(aggregates)),
        "bare_sql_ms": ms(bare_median),
        "limit_ms": ms(limit),
        "pass": page <= limit,
        "runs": runs,
        "all_server_ms": [ms(s) for s in server],
        "slowest_queries": [[ms(t), " ".join(q.split())[:90]] for q, _, t in slowest],
        **(_floor_figures(page, floors, budget_ms) if floor is not None else {}),
    }


def _floor_figures(page: float, floors: list[float], budget_ms: float | None) -> dict:
    floor = median(floors)
    ratio = page / floor if floor else None
    return {
        "floor_ms": ms(floor),
        "floor_ratio": round(ratio, 2) if ratio else None,
        "floor_pass": ratio is not None and ratio <= 3,
        "budget_ms": budget_ms,
        "budget_pass": None if budget_ms is None else ms(page) <= budget_ms,
    }
