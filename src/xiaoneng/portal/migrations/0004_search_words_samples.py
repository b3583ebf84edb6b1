"""The search dictionary (检索同义词与热词, seeded with the words people type
for what the catalog names otherwise) and the materials' 样表/空表."""

import django.db.models.deletion
from django.db import migrations, models

# word → what the catalog calls it; hot words are offered under the search box.
SEED = [
    ("营业执照", "设立登记、营业执照、企业名称", True),
    ("开公司", "设立登记、企业设立、企业名称预先核准", True),
    ("身份证", "居民身份证、身份证明", True),
    ("食品", "食品经营许可、餐饮服务、食品生产许可", True),
    ("餐馆", "食品经营许可、餐饮服务", False),
    ("饭店", "食品经营许可、餐饮服务", False),
    ("建房", "建设工程规划许可、施工许可、建设用地", True),
    ("盖房子", "建设工程规划许可、施工许可", False),
    ("执照", "营业执照、许可证", False),
    ("公章", "刻章、印章", False),
    ("刻章", "刻章、印章", False),
    ("户口", "户籍、户口", False),
    ("卫生许可", "卫生许可、公共场所卫生", False),
    ("药店", "药品经营许可", False),
    ("环评", "环境影响评价、环境影响报告", True),
    ("消防", "消防设计、消防验收、消防安全检查", False),
    ("办厂", "设立登记、生产许可、环境影响评价", False),
]


def seed(apps, schema_editor):
    word_model = apps.get_model("portal", "SearchWord")
    for sort, (word, terms, hot) in enumerate(SEED):
        word_model.objects.get_or_create(
            word=word, defaults={"terms": terms, "hot": hot, "sort": sort * 10}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_ratebucket_to_web"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=30, unique=True, verbose_name="检索词")),
                (
                    "terms",
                    models.CharField(
                        blank=True,
                        help_text="多个词用顿号、逗号或空格分隔",
                        max_length=300,
                        verbose_name="同义词（扩展检索）",
                    ),
                ),
                ("hot", models.BooleanField(default=False, verbose_name="热词")),
                ("sort", models.PositiveIntegerField(default=0, verbose_name="排序")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
            ],
            options={
                "verbose_name": "检索同义词与热词",
                "verbose_name_plural": "检索同义词与热词",
                "ordering": ("sort", "word"),
            },
        ),
        migrations.CreateModel(
            name="MaterialSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("filename", models.CharField(max_length=100, verbose_name="文件名")),
                ("content_type", models.CharField(max_length=50, verbose_name="文件类型")),
                ("size", models.PositiveBigIntegerField(verbose_name="大小（字节）")),
                ("sm3", models.CharField(max_length=64, verbose_name="SM3 摘要")),
                (
                    "stored_path",
                    models.CharField(max_length=255, unique=True, verbose_name="存储路径"),
                ),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
                (
                    "kind",
                    models.CharField(
                        choices=[("sample", "样表"), ("blank", "空表")],
                        max_length=10,
                        verbose_name="类型",
                    ),
                ),
                (
                    "material",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="samples",
                        to="catalog.itemmaterial",
                        verbose_name="申请材料",
                    ),
                ),
            ],
            options={
                "verbose_name": "材料样表/空表",
                "verbose_name_plural": "材料样表/空表",
                "ordering": ("material", "kind", "pk"),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("material", "kind"), name="portal_one_sample_per_kind"
                    )
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
