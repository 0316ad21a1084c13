"""The preview's file watcher (macros/watch.py): a change to a watched folder is reported as it happens,
including a save that renames a new file into place; reading a watched file is not a change (the build
reads what it watches); a watched single file is still seen when it changes."""
from __future__ import annotations

import threading
import time

from watchdog.events import FileSystemEventHandler

from macros.watch import ChangeObserver


class _Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list = []
        self.any = threading.Event()

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.events.append(event)
            self.any.set()

    def wait(self, seconds: float) -> bool:
        found = self.any.wait(seconds)
        self.any.clear()
        return found


def test_changes_are_seen_at_once_and_reading_is_not_a_change(tmp_path):
    folder = tmp_path / "registry"
    (folder / "sub").mkdir(parents=True)
    record, single = folder / "sub" / "a.yml", tmp_path / "mkdocs.yml"
    record.write_text("title: a\n", encoding="utf-8")
    single.write_text("site_name: x\n", encoding="utf-8")
    observer = ChangeObserver(polling_interval=0.2)
    in_folder, in_file = _Seen(), _Seen()
    observer.schedule(in_folder, str(folder), recursive=True)
    observer.schedule(in_file, str(single), recursive=True)
    observer.start()
    try:
        time.sleep(0.3)
        start = time.monotonic()
        record.write_text("title: b\n", encoding="utf-8")
        assert in_folder.wait(5) and time.monotonic() - start < 0.2  # no walk to wait for
        time.sleep(0.3)
        in_folder.events.clear()
        in_folder.any.clear()
        assert record.read_text(encoding="utf-8") == "title: b\n"
        assert list(folder.rglob("*.yml"))
        assert not in_folder.wait(0.5), in_folder.events  # opened and read: no change
        new = folder / "sub" / "a.yml.tmp"  # an editor's save: a new file renamed over the old one
        new.write_text("title: c\n", encoding="utf-8")
        new.replace(record)
        assert in_folder.wait(5)
        single.write_text("site_name: y\n", encoding="utf-8")
        assert in_file.wait(5)
    finally:
        observer.stop()
        observer.join(5)
