from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "xiaoneng.projects"
    label = "projects"
    verbose_name = "重大项目绿色通道"
