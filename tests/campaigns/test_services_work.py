"""Filing a report through the domain service, whoever calls it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import ProgressReport
from campaigns.services import work


@pytest.mark.parametrize(
    ("field", "value"),
    [("actual_output", -1), ("participants", -5), ("reach", -10), ("actual_cost", -1)],
)
def test_a_negative_figure_is_refused_by_the_service(scene, field, value) -> None:
    with pytest.raises(ValidationError) as refused:
        work.report_create(
            task=scene.task, user=scene.head, data={"actual_output": 1, field: value}
        )

    assert field in refused.value.message_dict
    assert not ProgressReport.objects.exists()
