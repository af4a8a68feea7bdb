"""Podcast feeds into a library: the HTTP client (`client`), the feed parser
(`parse`), the show notes' text (`notes`), each item's episode (`episodes`),
the library's files (`store`, `subscriptions`) and the run that ties them
together (`sync`). Core code: nothing here prints or imports Typer or Rich, and
httpx is imported only when something is fetched."""
