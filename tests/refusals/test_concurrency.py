"""Many windows filing at the same moment still make one linear chain, nothing lost."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from clerk.services.refusals import RefusalFiling, file_refusal, verify_register
from clerk.storage.models.refusals import RefusalEntry

WINDOWS = 10
EACH = 12


def test_windows_filing_at_once_make_one_chain(keyed, staff):
    """Each thread has its own connection and transactions, like a workstation."""
    acknowledged: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WINDOWS)
    filing = RefusalFiling(kind="unserved", category="系统故障", reason="省平台无法登录")

    def window() -> None:
        try:
            start.wait()
            for _ in range(EACH):
                with keyed.session() as s:
                    entry = file_refusal(s, staff.clerk, filing)
                acknowledged.append(entry.id)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=window) for _ in range(WINDOWS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(acknowledged) == list(range(1, WINDOWS * EACH + 1))
    with keyed.session() as s:
        assert s.scalar(select(func.count()).select_from(RefusalEntry)) == WINDOWS * EACH
    result = verify_register(keyed)
    assert result.ok and result.counts["entries"] == WINDOWS * EACH
