"""The domain's writes, one module per aggregate.

- :mod:`.plans`: a plan with its objectives and themes, its status, its copy to
  another year;
- :mod:`.activities`: activities, their cancelling and their moves on the calendar;
- :mod:`.expansion`: an activity's tasks brought in line with it;
- :mod:`.work`: a unit's reports, evidence and task status;
- :mod:`.teamwork`: assignment, review and comments;
- :mod:`.members`: a unit's staff.

Each public function is ``<entity>_<action>(*, ...)``, one transaction, checks
who may act (:mod:`campaigns.policy`) and the plan's lifecycle
(:mod:`campaigns.lifecycle`) itself, and raises ``PermissionDenied`` or
``ValidationError``.
"""
