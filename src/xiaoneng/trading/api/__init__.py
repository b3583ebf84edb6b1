"""/api/v1/trading: one router, each part's operations in its module."""

from ninja import Router

from xiaoneng.trading.api.awards import router as awards_router
from xiaoneng.trading.api.bids import router as bids_router
from xiaoneng.trading.api.evaluation import router as evaluation_router
from xiaoneng.trading.api.ocds import router as ocds_router
from xiaoneng.trading.api.parties import router as parties_router
from xiaoneng.trading.api.projects import router as projects_router

router = Router(tags=["公共资源交易"])
router.add_router("", projects_router)
router.add_router("", bids_router)
router.add_router("", evaluation_router)
router.add_router("", awards_router)
router.add_router("", ocds_router)
router.add_router("", parties_router)
