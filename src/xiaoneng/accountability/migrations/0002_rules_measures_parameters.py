"""The accountability data the administrator edits afterwards, not code:
the measures of seed art. 16 with their authority and score deduction, the
rules applied (the two documents the seed names, with the situations art. 16
lists — the article numbers of the original documents are not in the seed;
the administrator corrects and adds articles in the admin), and the
accountability parameters. Idempotent."""

from django.db import migrations

from xiaoneng.system import seeding

MEASURES = [
    # code, name, authority, deduction, has_deadline, bulletin, sort
    ("admonition", "诫勉谈话", "bureau", 2, False, False, 1),
    ("circulated_criticism", "通报批评", "bureau", 3, False, True, 2),
    ("rectification_order", "限期改正", "bureau", 2, True, False, 3),
    ("resignation", "引咎辞职", "referral", 5, False, False, 4),
    ("discipline", "组织纪律处理", "referral", 5, False, False, 5),
]

RULES = [
    # document, article, text
    ("zzf_2005_121", "情形一", "对市委、市政府重大决策、重要部署和重点工作执行不力的"),
    (
        "zzf_2005_121",
        "情形二",
        "履行职责过程中擅离职守、办事拖拉、推诿扯皮、故意刁难、态度蛮横、吃拿卡要、"
        "乱摊派、乱收费、乱罚款等行政不作为、乱作为的",
    ),
    ("zzf_2005_121", "情形三", "工作不负责任，甚至失职、渎职造成损失和不良影响的"),
    ("zzf_2009_37", "情形一", "对市委、市政府重大决策、重要部署和重点工作执行不力的"),
    ("zzf_2009_37", "情形二", "领导班子软弱涣散、工作人员纪律松弛的"),
    ("zzf_2009_37", "情形三", "工作不负责任，甚至失职、渎职造成损失和不良影响的"),
]

PARAMS = [
    "accountability.statement_days",
    "accountability.appeal_days",
    "accountability.rectify_days",
    "accountability.warning_days",
]


def forwards(apps, schema_editor):
    MeasureKind = apps.get_model("accountability", "MeasureKind")
    for code, name, authority, points, deadline, bulletin, sort in MEASURES:
        MeasureKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "authority": authority,
                "score_deduction": points,
                "has_deadline": deadline,
                "publishes_bulletin": bulletin,
                "sort": sort,
            },
        )
    Rule = apps.get_model("accountability", "Rule")
    for sort, (document, article, text) in enumerate(RULES, start=1):
        Rule.objects.get_or_create(
            document=document, article=article, defaults={"text": text, "sort": sort}
        )
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_initial"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
