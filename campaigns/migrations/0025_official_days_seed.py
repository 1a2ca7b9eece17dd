"""The Government's decisions on days off and make-up working days known when
this was written (campaigns.official_days), as the installation's rows."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from campaigns.official_days import official_days_seed


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    official_days_seed(apps.get_model("campaigns", "OfficialDay"))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0024_official_days")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
