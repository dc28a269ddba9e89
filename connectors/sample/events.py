"""The sample back office's change events, as a real back office would send them.

Writes made through the gateway (holds, cancellations, stock commits and releases) are
told in-process to whoever listens (`on_events`: the gateway's event bus), once their
transaction has committed. A change made in another process (the `omnicanal sample` CLI)
reaches the running gateway as any back office's does: a signed `POST /webhooks/<instance>`
(connectors/sample/webhooks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from connectors.events import ChangeEvent, StockChanged

EventSink = Callable[[ChangeEvent], None]


class SampleEventSource:
    name: str
    _sinks: list[EventSink]

    def on_events(self, sink: EventSink) -> None:
        self._sinks.append(sink)

    def emit(self, events: Iterable[ChangeEvent]) -> None:
        for event in events:
            for sink in self._sinks:
                sink(event)

    def emit_stock(self, skus: Iterable[str], location_id: str | None) -> None:
        self.emit(StockChanged(self.name, sku, location_id) for sku in dict.fromkeys(skus))
