"""The Dask engine of ``ingest``: the same batches, read and extracted as dask.distributed tasks.

Each batch of work items (analytics/ingest.py) becomes two tasks on the cluster:
``read_batch(items)`` (the articles stay on the worker) and ``extract_batch(read, skip)``.
Between them the client asks the store which content ids to skip (only ids travel), so articles
already stored are never extracted; the extracted batches come back to the client *in batch
order* and are committed there, one store transaction each (the store has a single writer).
Because the tasks run the very functions of the local engine on the very same batches, and the
skip decisions are taken in the same order, the rows are identical to the local engine's.

At most ``window`` batches (default: twice the workers) are in flight, so memory stays bounded on
the client and the workers whatever the corpus size.

A ``LocalCluster(n_workers=N, threads_per_worker=1)`` is started by default; pass
``scheduler="tcp://host:8786"`` to use a running cluster (its workers need this project importable,
with the same requirements). Starting a LocalCluster spawns processes that re-import the main
module: call ``run_dask`` only from code under ``if __name__ == "__main__":``
(``python -m analytics ...`` is).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from analytics.batches import BatchResult, SkipFn, WorkItem, article_ids, extract_batch, read_batch
from analytics.errors import InputError

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster


def connect(workers: int = 2, scheduler: str | None = None) -> tuple[Client, LocalCluster | None]:
    """A client on ``scheduler``, else on a new LocalCluster of ``workers`` one-thread processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError) as err:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler}: {err}", code="scheduler"
            ) from None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def run_dask(
    batches: Sequence[Sequence[WorkItem]],
    skip_fn: SkipFn,
    published: date | None = None,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    window: int | None = None,
) -> Iterator[BatchResult]:
    """Yield each batch's BatchResult in batch order, computed on a Dask cluster."""
    client, cluster = connect(workers, scheduler)
    try:
        n_workers = len(client.scheduler_info().get("workers", {})) or workers
        ahead = window or 2 * n_workers
        reads: dict[int, Future] = {}
        ids: dict[int, Future] = {}
        extracts: dict[int, Future] = {}
        next_read = next_extract = next_yield = 0
        total = len(batches)
        while next_yield < total:
            while next_read < total and next_read < next_yield + ahead:
                items = list(batches[next_read])
                fut = client.submit(read_batch, items, published, pure=False)
                reads[next_read] = fut
                ids[next_read] = client.submit(article_ids, fut, pure=False)
                next_read += 1
            while next_extract < next_read and next_extract < next_yield + ahead:
                batch_ids = ids.pop(next_extract).result()
                skip = skip_fn(next_extract, batch_ids)
                extracts[next_extract] = client.submit(
                    extract_batch, reads.pop(next_extract), skip, next_extract, pure=False
                )
                next_extract += 1
            result = extracts.pop(next_yield).result()
            yield result
            next_yield += 1
    except Exception as err:
        if isinstance(err, ImportError) or "deserializ" in str(err):
            raise RuntimeError(
                "the Dask scheduler or workers cannot import the analytics package: install the "
                "project there and start them from its folder (see docs/dask.md)"
            ) from err
        raise
    finally:
        for futures in (reads, ids, extracts):
            for fut in futures.values():
                fut.cancel()
        client.close()
        if cluster is not None:
            cluster.close()
