"""The demo catalog of Zhangye (2012): about forty items of the municipal
departments, with the legal bases in force at the time. Items of the
departments that have a window in the service centre are accepted there."""

from .bundles import ITEMS as BUNDLES
from .business import ITEMS as BUSINESS
from .construction import ITEMS as CONSTRUCTION
from .environment import ITEMS as ENVIRONMENT
from .society import ITEMS as SOCIETY

ITEMS = [*BUSINESS, *CONSTRUCTION, *ENVIRONMENT, *SOCIETY, *BUNDLES]

__all__ = ["ITEMS"]
