"""Views of the planning workspace: short, typed, one service call each.

Reading is for the district roles (planner, admin, leader); writing for the
editors (planner, admin). A unit head gets 403 on every page here except the
dashboard, which shows them their own units' work.

A module per page family: :mod:`.dashboard`, :mod:`.plans`, :mod:`.plan_import`,
:mod:`.activities`, :mod:`.calendar`; :mod:`.common` holds the role checks.
"""
