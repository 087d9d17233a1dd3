"""Models of the merits app: the rule table, deeds, the points ledger, the 爱心超市 and stories."""

from lastmile.merits.models.deeds import Deed, RuleCategory, RuleItem
from lastmile.merits.models.points import PointsAccount, PointsEntry
from lastmile.merits.models.shop import Goods, Redemption
from lastmile.merits.models.stories import ModelStory

__all__ = [
    "Deed",
    "Goods",
    "ModelStory",
    "PointsAccount",
    "PointsEntry",
    "Redemption",
    "RuleCategory",
    "RuleItem",
]
