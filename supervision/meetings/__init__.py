"""Scheduling meetings (调度会) (SPEC section 13).

- ``choices``: levels, states and the kinds of agenda items;
- ``models``: meetings, their attendees, agenda items and issued minutes (decisions are
  blockers with ``Blocker.meeting`` set, so they run through the same loop and lights);
- ``agenda``: the agenda the data writes when a meeting is planned (one query per kind);
- ``services``: planning, recording decisions, holding and issuing minutes;
- ``minutes``: the minutes as a .docx; ``views``/``forms``: the pages; ``api``: /api/meetings/.
"""
