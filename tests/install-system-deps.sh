#!/bin/sh
# Debian packages the tests need: ffmpeg (ffmpeg and ffprobe prove the ffmetadata export
# and make, read and cut the media files of the media tests), mkvtoolnix (mkvmerge writes
# Matroska chapters for the tests, mkvextract and mkvpropedit read and write them) and zsh
# (shell completion is tried in a real zsh).
set -e
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 \
    && command -v mkvmerge >/dev/null 2>&1 && command -v mkvextract >/dev/null 2>&1 \
    && command -v mkvpropedit >/dev/null 2>&1 && command -v zsh >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo"; fi
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends \
    ffmpeg mkvtoolnix zsh >/dev/null
