"""Around each test: the time budget and the shrink limit, the examples counted per operation, and what a
failure shows (bounded text, a shared fixture's error once, the seed to replay it, what report.md says)."""

from __future__ import annotations

import functools
import time

import hypothesis
import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.statistics import collector

from suite import budget as budget_module
from suite import checks, outcomes, parallel, progress, run
from suite.client import NoAnswer

EXAMPLES_BEFORE = pytest.StashKey[int]()
REQUESTS_BEFORE = pytest.StashKey[int]()
LAST_EXCHANGE = pytest.StashKey[object]()  # the client's last exchange before this test: not this test's
STOPPED = pytest.StashKey[str]()  # why the time budget cut this test short
STATISTICS = pytest.StashKey[dict]()  # Hypothesis' statistics of this test's run, as it hands them over


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session: pytest.Session):
    state = run.of(session.config)
    if state.reporter is not None:
        state.reporter.start()
    try:
        yield
    finally:
        if state.reporter is not None:
            state.reporter.stop()
        state.record.finished = time.time()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    budget = run.of(item.config).budget
    if budget.enabled and budget.spent():
        pytest.skip(f"the {budget_module.describe(budget.seconds)} time budget was spent before this test began")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    state = run.of(item.config)
    budget, tally = state.budget, state.record.tally
    done, state.tests_started = state.tests_started, state.tests_started + 1
    workers = parallel.worker_count(item.config)
    budget.begin_test((len(item.session.items) - done * workers) / workers)
    item.stash[EXAMPLES_BEFORE] = tally.count
    item.stash[REQUESTS_BEFORE] = sum(tally.requests.values())
    client = state.client
    item.stash[LAST_EXCHANGE] = client.history[-1] if client is not None and client.history else None
    restore = around_each_example(getattr(item, "obj", None), budget, tally,
                                  lambda stats: item.stash.__setitem__(STATISTICS, stats))
    try:
        with state.shrink.around_test(lambda: budget.failure_at):
            return (yield)
    except budget_module.BudgetSpent as stop:
        examples = tally.count - item.stash[EXAMPLES_BEFORE]
        if sum(tally.requests.values()) == item.stash[REQUESTS_BEFORE]:  # it never reached the target
            pytest.skip(f"{stop} before its first example")
        state.record.stopped.append({"test": test_name(item), "examples": examples})
        item.stash[STOPPED] = f"stopped after {examples} examples: {stop}"
        return None
    finally:
        restore()
        budget.end_test()


def around_each_example(test, budget: budget_module.Budget, tally: progress.Tally, on_statistics=None):
    """Before each example of a Hypothesis test, check the time budget (until an example fails: a failure
    found is always shrunk and reported); count the examples per operation.

    Hypothesis lets a plugin replace `inner_test`. The replacement must look like the original
    (functools.wraps): Hypothesis derives the test's database key, and a derandomized profile its
    seed, from the function's source, name and parametrization. Returns the function that undoes it.
    """
    if test is None or not hypothesis.is_hypothesis_test(test):
        return lambda: None
    inner = test.hypothesis.inner_test

    listening = [on_statistics is None]

    @functools.wraps(inner)
    def each_example(*args, **kwargs):
        if not listening[0]:  # inside the run, where the pytest plugin's callback is in place
            listening[0] = True
            previous = collector.value

            def note(stats):
                on_statistics(stats)
                if previous is not None:
                    previous(stats)

            collector.value = note
        budget.check()
        tally.example_started()
        try:
            return inner(*args, **kwargs)
        except Exception:
            budget.note_failure()
            raise
        finally:
            tally.example_finished()

    test.hypothesis.inner_test = each_example

    def restore() -> None:
        test.hypothesis.inner_test = inner

    return restore


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    if call.when == "setup" and call.excinfo is not None and outcome.get_result().failed:  # not a skip
        _once(outcome.get_result(), call.excinfo, item)
    if call.when != "call":
        return
    result = outcome.get_result()
    state = run.of(item.config)
    reused = [case["status"] for case in item.stash.get(STATISTICS, {}).get("reuse-phase", {}).get("test-cases", [])]
    ran = [status for status in reused if status in ("valid", "interesting")]
    if ran:
        state.record.replayed.append({"test": test_name(item), "failing": ran.count("interesting"),
                                      "examples": len(ran)})
    if STOPPED in item.stash:
        result.sections.append(("time budget", item.stash[STOPPED]))
    result.sections[:] = [(title, state.shrink.reword(text)) for title, text in result.sections]
    if result.failed:
        _bound(result, call.excinfo, item)
        result.airbyte_failure = _failure(call.excinfo, item, state)
        seed = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_generated_seed", None)
        if seed is not None:
            result.sections.append(("hypothesis seed", f"{seed}  (replay: pytest '{item.nodeid}' "
                                                        f"--hypothesis-seed={seed})"))
        elif hypothesis_settings.default is not None and hypothesis_settings.default.derandomize:
            result.sections.append(("hypothesis seed", "derandomized profile: the same command replays the "
                                                        f"same examples (pytest '{item.nodeid}')"))


def _bound(result, excinfo, item: pytest.Item) -> None:
    """A check's failure (or a request the target never answered) reads as the check's message, the
    exchange and Hypothesis' notes, bounded in length; other errors keep pytest's traceback."""
    errors = [_check_behind_flaky(excinfo.value)]
    if isinstance(excinfo.value, BaseExceptionGroup):
        errors = list(excinfo.value.exceptions)
    if not all(isinstance(e, checks.CheckFailure | NoAnswer) for e in errors):
        return
    result.longrepr = outcomes.failure_repr(excinfo, errors, item.config.rootpath)


def _once(result, excinfo, item: pytest.Item) -> None:
    """A shared fixture that failed fails every test that uses it with the same exception: report it in
    full once, and in one line for the others."""
    seen = run.of(item.config).setup_errors
    first = seen.get(id(excinfo.value))
    if first is None:
        seen[id(excinfo.value)] = (excinfo.value, item.nodeid)
        _bound(result, excinfo, item)
        result.airbyte_failure = _failure(excinfo, item, run.of(item.config))
        return
    headline = (str(excinfo.value).splitlines() or [type(excinfo.value).__name__])[0]
    result.longrepr = f"the same error as in the setup of {first[1]} (shown there): {headline}"
    result.airbyte_same_as = first[1]


def test_name(item: pytest.Item) -> str:
    """The node id, with the case when the id alone does not tell cases apart."""
    base = item.nodeid.rsplit("::", 1)[-1]
    return item.nodeid if item.name == base or "[" in base else f"{item.nodeid}{item.name[len(base):]}"


def _failure(excinfo, item: pytest.Item, state: run.Run) -> dict:
    """What report.md shows for a failed test, as fields: the check that failed (its family, what it expected
    and what came), the operation, the minimal example, the replay. Never parsed back from text."""
    error = excinfo.value
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    replayed = _check_behind_flaky(error)
    flaky = replayed is not error
    error = replayed
    notes = getattr(excinfo.value, "__notes__", None) or getattr(error, "__notes__", None) or []
    found: dict = {"example": "\n".join(notes)[:20000] or None}
    exchange = getattr(error, "exchange", None)
    if isinstance(error, checks.CheckFailure):
        failure = error.failure
        found.update(check=failure.check, family=failure.family, title=failure.title + (FLAKY if flaky else ""),
                     expected=failure.expected[:8000], received=failure.received[:8000])
    else:
        found["message"] = f"{type(error).__name__}: {error}"[:8000]
    client = state.client
    if exchange is None and client is not None and client.history \
            and client.history[-1] is not item.stash.get(LAST_EXCHANGE, None):
        exchange = client.history[-1]  # the last request of this test, for a failure that names none
    path = exchange.path if exchange is not None else _parametrized_path(item)
    found["operation"] = progress.operation_of(path) if path else None
    found["reproduction"] = exchange.describe(limit=20000) if exchange is not None else None
    return found


FLAKY = " (met once: replaying the steps did not meet it again, so the answer depends on what the target holds)"


def _check_behind_flaky(error: BaseException) -> BaseException:
    """Hypothesis reports a failure whose replay behaved differently as flaky (a state machine's steps meet a
    target that has changed since, e.g. it holds more connections); the check that failed is still the finding."""
    if not isinstance(error, hypothesis.errors.Flaky):
        return error
    inner = error.__cause__ or error.__context__
    for _ in range(5):  # the check's failure, a few of Hypothesis' own exceptions down
        if inner is None or isinstance(inner, checks.CheckFailure):
            break
        inner = inner.__cause__ or inner.__context__
    return inner if isinstance(inner, checks.CheckFailure) else error


def _parametrized_path(item: pytest.Item) -> str | None:
    """The operation path of a test parametrized by one (the schemathesis layer's `path`)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    path = params.get("path")
    return path if isinstance(path, str) else None
