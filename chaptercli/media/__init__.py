"""Chapters inside media files: MP3 (ID3), MP4/M4A/M4B/MOV, Matroska/WebM, Ogg
(Opus, Vorbis) and FLAC; read, embedded, split and checked.

One job a module: `kinds` tells media by its first bytes (light: every file read
goes through it), `tools` finds ffmpeg, ffprobe, mkvtoolnix and mutagen,
`probe` runs ffprobe, one module a tag family reads and writes its chapters
(`id3`, `mp4`, `vorbis`, `matroska`), `read` turns a media file into an
episode, `embed` and `split` write media, `checks` says what players will show.
mutagen (GPL-2.0-or-later) is the optional extra `chaptercli[media]`, imported
only here and only when a media file is met.
"""
