#!/bin/sh
# Debian packages the tests need: ffmpeg (ffmpeg and ffprobe prove the ffmetadata export
# and make the media files the ffprobe reader is proven on), mkvtoolnix (mkvmerge and
# mkvextract prove the matroska export) and zsh (shell completion is tried in a real zsh).
set -e
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 \
    && command -v mkvmerge >/dev/null 2>&1 && command -v mkvextract >/dev/null 2>&1 \
    && command -v zsh >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo"; fi
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends \
    ffmpeg mkvtoolnix zsh >/dev/null
