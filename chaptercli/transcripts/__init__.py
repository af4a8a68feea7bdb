"""Transcripts: what was said in an episode, and when.

An episode's YAML may name a transcript file (`transcript:`, relative to the
YAML file and never outside its folder: `place`). It is read only when a
command needs it (`read`), in whichever of SRT, WebVTT (`captions`), the
Podcasting 2.0 JSON (`segments`) or HTML (`htmlpage`) it is in, into `Cue`s;
`spoken` finds words in it.
"""
