"""Forms of the planning workspace, a module per page: plans (:mod:`.plans`),
activities (:mod:`.activities`), the import (:mod:`.uploads`), the calendar
(:mod:`.calendar`), with the fields they share (:mod:`.fields`)."""
