"""Red/yellow/green lights (红黄绿灯) of projects (SPEC section 13).

- ``choices``: colours and rule codes; ``rules``: the default rule set, what each rule's
  thresholds mean, and which set a zone uses (the nearest region up its path with one);
- ``models``: rule sets and rules (data, edited per region), and the lights stored as changes;
- ``evaluate``: the one set-based pass that colours the projects of some zones on a day;
- ``refresh``: the pass for a project after its data changed (after the commit);
- ``views``/``forms``: the rule-set page of a region; ``api``: /api/lights/;
- ``show``: the panel of the project page, the dot of the project list, the list filter.
"""
