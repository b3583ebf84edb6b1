"""/api/v1/enforcement: one router, each part's operations in its module."""

from ninja import Router

from xiaoneng.enforcement.api.authority import router as authority_router
from xiaoneng.enforcement.api.cases import router as cases_router
from xiaoneng.enforcement.api.money import router as money_router

router = Router(tags=["行政执法"])
router.add_router("", authority_router)
router.add_router("", cases_router)
router.add_router("", money_router)
