"""The group phrases plans are written with, as the import's first table.

Kind values beyond today's (ward, special_zone, hamlet, front) name no unit
until units of those kinds exist; an organisation edits the table in the admin.
"""

from django.db import migrations

EVERY = "*"
DEPARTMENTS = "department"
LOCAL = "commune ward township special_zone"
HAMLETS = "hamlet"
FRONT = "front"
NONE = ""

PHRASES = {
    EVERY: [
        "Các cơ quan, đơn vị",
        "Các đơn vị",
        "Tất cả các cơ quan, đơn vị",
        "Tất cả các đơn vị",
        "Các cơ quan, đơn vị trên địa bàn",
        "Các cơ quan, đơn vị địa phương",
        "Các cơ quan, đơn vị, địa phương",
        "Các cơ quan, đơn vị thuộc huyện",
        "Các cơ quan, đơn vị trên địa bàn huyện",
        "Các cơ quan, đơn vị thuộc UBND tỉnh",
        "Các cơ quan, đơn vị thuộc UBND xã",
    ],
    DEPARTMENTS: [
        "Các sở, ban, ngành",
        "Các sở, ban, ngành tỉnh",
        "Các sở, ngành",
        "Các sở, ban ngành",
        "Các ban, ngành",
        "Các phòng, ban",
        "Các phòng ban chuyên môn",
        "Các phòng, ban chuyên môn",
        "Các phòng, ban, ngành",
        "Các phòng chuyên môn",
        "Các phòng chuyên môn thuộc UBND xã",
        "Các phòng chuyên môn thuộc UBND phường",
        "Các phòng, ban thuộc huyện",
        "Các phòng, ban chuyên môn thuộc UBND huyện",
        "Các phòng, ban, đơn vị thuộc huyện",
        "Các cơ quan chuyên môn thuộc UBND tỉnh",
        "Các cơ quan chuyên môn",
    ],
    "commune township": [
        "UBND các xã, thị trấn",
        "Các xã, thị trấn",
        "UBND các xã và thị trấn",
        "Các xã và thị trấn",
        "UBND xã, thị trấn",
        "Các xã, thị trấn trên địa bàn huyện",
    ],
    "commune": ["UBND các xã", "Các xã"],
    "ward township": ["UBND các phường", "Các phường"],
    LOCAL: [
        "UBND các xã, phường",
        "Các xã, phường",
        "UBND các xã, phường, đặc khu",
        "Các xã, phường, đặc khu",
        "UBND các xã, phường, thị trấn",
        "Các xã, phường, thị trấn",
        "UBND cấp xã",
        "Các địa phương",
    ],
    HAMLETS: [
        "Các thôn, khối phố",
        "Các thôn, tổ dân phố",
        "Các thôn, bản, tổ dân phố",
        "Các thôn, bản",
        "Các khu dân cư",
        "Các thôn",
        "Các khối phố",
        "Các tổ dân phố",
        "Ban công tác Mặt trận các thôn, khối phố",
    ],
    FRONT: [
        "Ủy ban MTTQ và các đoàn thể",
        "Ủy ban MTTQ Việt Nam và các đoàn thể",
        "UBMTTQ và các đoàn thể",
        "Mặt trận Tổ quốc và các đoàn thể",
        "MTTQ và các đoàn thể",
        "MTTQ và các hội, đoàn thể",
        "Ủy ban MTTQ và các tổ chức chính trị - xã hội",
        "Các đoàn thể",
        "Các hội, đoàn thể",
        "Các tổ chức chính trị - xã hội",
    ],
    "department front": ["Các ban, ngành, đoàn thể", "Các ban ngành, đoàn thể"],
    NONE: [
        "Các cơ quan, đơn vị liên quan",
        "Các cơ quan, đơn vị có liên quan",
        "Các đơn vị liên quan",
        "Các đơn vị có liên quan",
        "Các cơ quan liên quan",
        "Cơ quan, đơn vị liên quan",
    ],
}


def seed(apps, schema_editor):
    phrase_model = apps.get_model("campaigns", "UnitGroupPhrase")
    for kinds, phrases in PHRASES.items():
        for phrase in phrases:
            phrase_model.objects.get_or_create(phrase=phrase, defaults={"kinds": kinds})


def unseed(apps, schema_editor):
    phrase_model = apps.get_model("campaigns", "UnitGroupPhrase")
    every = [phrase for phrases in PHRASES.values() for phrase in phrases]
    phrase_model.objects.filter(phrase__in=every).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0021_unit_group_phrases")]

    operations = [migrations.RunPython(seed, unseed)]
