from ninja import Router

router = Router(tags=["目标责任"])
