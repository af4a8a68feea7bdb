"""MP3 chapters: ID3 CHAP frames in the order of their CTOC (table of contents),
read and written with mutagen. Written as ID3v2.3, which every player reads
(ffmpeg-based ones misread ID3v2.4 chapter sub-frames of 128 bytes or more)."""

from __future__ import annotations

import contextlib
import mimetypes
import os
from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.media import tools
from chaptercli.media.found import MediaChapters
from chaptercli.model import Episode

NO_OFFSET = 0xFFFFFFFF  # CHAP's byte offsets, unused: players go by the times
SYNCSAFE_LIMIT = 128  # a v2.4 sub-frame this size or more, ffmpeg reads at the wrong length
MAX_IMAGE_BYTES = 16 * 1024 * 1024
NO_CTOC = "id3-no-ctoc"
V24_LONG = "id3v24-long-subframe"
NEEDED_FOR = "MP3 chapters"


def read(path: str) -> MediaChapters:
    audio = tools.mutagen("mp3", NEEDED_FOR).MP3(path)
    tags = audio.tags
    duration = round(audio.info.length * 1000) if audio.info.length else None
    if tags is None:
        return MediaChapters([], duration)
    found = MediaChapters([], duration, _text(tags, "TIT2"), _text(tags, "TALB") or
                          _text(tags, "TPE1"))  # fmt: skip
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    listed = _toc_order(tags.getall("CTOC"), chaps)
    if chaps and not tags.getall("CTOC"):
        found.problems.append((NO_CTOC, "its CHAP frames have no CTOC (table of contents): Apple "
                               "Podcasts and Overcast show no chapters; `chapters embed` "
                               "writes one"))  # fmt: skip
        listed = sorted(chaps, key=lambda key: chaps[key].start_time)
    unlisted = sorted((k for k in chaps if k not in listed), key=lambda k: chaps[k].start_time)
    version = tags.version
    for key in _merged(listed, unlisted, chaps):
        frame = chaps[key]
        number = len(found.chapters) + 1
        found.chapters.append(
            _draft(frame, hidden=key in unlisted, notes=found.notes, number=number)
        )
        if version >= (2, 4, 0):
            _long_subframes(frame, number, found)
    return found


def _text(frames: Any, key: str) -> str | None:
    frame = frames.get(key)
    text = "/".join(str(part) for part in frame.text) if frame is not None else ""
    return text.strip() or None


def _merged(listed: list[str], unlisted: list[str], chaps: dict[str, Any]) -> list[str]:
    """The chapters left out of the table of contents (hidden) put in time order
    among those it lists, when it lists them in time order; else after them."""
    starts = [chaps[key].start_time for key in listed]
    if starts != sorted(starts):
        return [*listed, *unlisted]
    return sorted([*listed, *unlisted], key=lambda key: (chaps[key].start_time, key in unlisted))


def _toc_order(tocs: list[Any], chaps: dict[str, Any]) -> list[str]:
    """The chapter ids as the top-level CTOC lists them (nested CTOCs expanded in
    place), each once; the first CTOC when none is marked top-level."""
    by_id = {toc.element_id: toc for toc in tocs}
    top = [toc for toc in tocs if toc.flags & 1] or tocs[:1]  # CTOCFlags.TOP_LEVEL
    order: list[str] = []
    seen: set[str] = set()
    pending = [child for toc in top[:1] for child in reversed(toc.child_element_ids)]
    while pending:
        child = pending.pop()
        if child in seen:
            continue  # a CTOC that lists itself, or a chapter listed twice
        seen.add(child)
        if child in chaps:
            order.append(child)
        elif child in by_id:
            pending += reversed(by_id[child].child_element_ids)
    return order


def _draft(frame: Any, hidden: bool, notes: list[str], number: int) -> ChapterDraft:
    sub = frame.sub_frames
    end = frame.end_time if frame.end_time > frame.start_time else None
    images = sub.getall("APIC")
    image = None
    for picture in images[:1]:
        if picture.mime == "-->":  # a link to the image, not the image
            image = picture.data.decode("latin-1").strip() or None
        else:
            notes.append(f"chapter {number}: its embedded picture ({picture.mime or 'image'}, "
                         f"{len(picture.data):,} bytes) is not kept: chapter images are kept "
                         "as links")  # fmt: skip
    urls = sub.getall("WXXX")
    return ChapterDraft(
        start_ms=frame.start_time,
        end_ms=end,
        title=_text(sub, "TIT2") or "",
        summary=_text(sub, "TIT3"),
        url=urls[0].url.strip() or None if urls else None,
        image=image,
        hidden=hidden,
    )


def _long_subframes(frame: Any, number: int, found: MediaChapters) -> None:
    for sub in frame.sub_frames.values():
        size = len(sub._writeData())  # what its v2.4 header counts: its data
        if size >= SYNCSAFE_LIMIT:
            found.problems.append((V24_LONG, f"chapter {number}: its {sub.FrameID} is {size} "
                                   "bytes in an ID3v2.4 tag: ffmpeg-based players (ffprobe, "
                                   "mpv, VLC) misread sub-frames of 128 bytes or more and drop "
                                   "the chapter; `chapters embed` writes ID3v2.3"))  # fmt: skip
            return


def write(path: str, episode: Episode, duration_ms: int | None) -> None:
    """The episode's chapters into the MP3's ID3 tag (saved as v2.3), replacing its
    chapters and keeping every other frame."""
    id3 = tools.mutagen("id3", NEEDED_FOR)

    tags = _chronological(id3.ID3)()
    with contextlib.suppress(id3.ID3NoHeaderError):  # an MP3 with no tag yet gets one
        tags.load(path)
    tags.delall("CHAP")
    tags.delall("CTOC")
    listed = []
    last_end = duration_ms or episode.length_ms or 0
    for chapter in episode.chapters:
        key = f"chp{chapter.number}"
        subs = [id3.TIT2(encoding=id3.Encoding.UTF16, text=[chapter.title])]
        if chapter.summary:
            subs.append(id3.TIT3(encoding=id3.Encoding.UTF16, text=[chapter.summary]))
        if chapter.url:
            subs.append(id3.WXXX(encoding=id3.Encoding.UTF16, desc="", url=chapter.url))
        if chapter.image:
            subs.append(
                id3.APIC(encoding=id3.Encoding.UTF16, desc="", type=0, **_picture(chapter.image))
            )
        end = chapter.end_ms if chapter.end_ms is not None else max(last_end, chapter.start_ms)
        tags.add(id3.CHAP(element_id=key, start_time=chapter.start_ms, end_time=end,
                      start_offset=NO_OFFSET, end_offset=NO_OFFSET, sub_frames=subs))  # fmt: skip
        if not chapter.hidden:  # a chapter left out of the table of contents is not shown
            listed.append(key)
    flags = id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED
    tags.add(id3.CTOC(element_id="toc", flags=flags, child_element_ids=listed, sub_frames=[]))
    tags.update_to_v23()
    tags.save(path, v2_version=3)


def _chronological(tags_class: Any) -> Any:
    """mutagen's ID3, but writing CHAP frames in time order, last: mutagen sorts
    frames by size, and ffmpeg (5.1) lists ID3 chapters in the file's order."""
    from importlib import import_module

    save_frame = import_module("mutagen.id3._tags").save_frame

    class Chronological(tags_class):  # type: ignore[misc]
        def _write(self, config: Any) -> Any:
            chapters = sorted(self.getall("CHAP"), key=lambda frame: frame.start_time)
            self.delall("CHAP")
            try:
                rest = super()._write(config)
            finally:
                for frame in chapters:
                    self.add(frame)
            return rest + b"".join(save_frame(frame, config=config) for frame in chapters)

    return Chronological


def _picture(image: str) -> dict[str, Any]:
    """An APIC's mime and data: a local image file's bytes, else a link to it."""
    if os.path.isfile(image):
        if os.path.getsize(image) > MAX_IMAGE_BYTES:
            raise ChapterError(f"{image}: too large for a chapter image (the limit is 16 MiB)")
        with open(image, "rb") as stream:
            data = stream.read(MAX_IMAGE_BYTES + 1)
        return {"mime": mimetypes.guess_type(image)[0] or "image/jpeg", "data": data}
    return {"mime": "-->", "data": image.encode("latin-1", "replace")}
