"""Exports of a search as a user gets it on the page: CSV, JSON, an Atom feed of its newest documents,
and iCalendar of its events. The terminal (`findit query --format`) and the web (/export.*) both call
`findit.export.render.export()`; each format is a module of its own (table, jsonout, atom, calendar),
imported only when asked; `plain` (text for people) is what the readable list shares with them.

Importing this package imports nothing else: `findit stats` and the readable list stay light."""
