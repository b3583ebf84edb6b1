from ninja import Router

router = Router(tags=["请示办理"])
